//! The fan-out across instances on PostgreSQL: one connection of its own LISTENs to the channel the
//! writers NOTIFY at commit with the ids of members who have new events, and wakes this instance's
//! readers of those members. After a lost connection every reader looks again, so nothing is missed.

use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};

use super::events::CHANNEL;
use super::hub::Hub;

/// How often the connection is read for notifications.
const POLL: Duration = Duration::from_millis(10);
/// How often the connection is checked when nothing comes.
const CHECK: Duration = Duration::from_secs(15);

/// Listen on a thread of its own until the hub is gone (the server stopped).
pub fn spawn(url: String, hub: &Arc<Hub>) {
    let hub = Arc::downgrade(hub);
    let spawned = std::thread::Builder::new().name("madani-listen".into()).spawn(move || run(&url, &hub));
    if let Err(e) = spawned {
        tracing::error!(error = %e, "could not start the realtime listener");
    }
}

fn run(url: &str, hub: &Weak<Hub>) {
    let mut failures = 0u32;
    while hub.strong_count() > 0 {
        let connected = PgConnection::establish(url).map_err(|e| e.to_string()).and_then(|mut conn| {
            conn.batch_execute(&format!("LISTEN {CHANNEL}")).map_err(|e| e.to_string())?;
            Ok(conn)
        });
        match connected {
            Ok(mut conn) => {
                if failures > 0 {
                    tracing::info!("realtime listener connected again");
                }
                failures = 0;
                // Whatever was committed while no one listened.
                if let Some(hub) = hub.upgrade() {
                    hub.wake_all();
                }
                if let Err(e) = listen(&mut conn, hub) {
                    tracing::warn!(error = %e, "realtime listener lost its connection");
                }
            }
            Err(e) => {
                failures += 1;
                if failures == 1 || failures.is_multiple_of(60) {
                    tracing::warn!(error = %e, "realtime listener cannot connect");
                }
                std::thread::sleep(Duration::from_secs(1));
            }
        }
    }
}

fn listen(conn: &mut PgConnection, hub: &Weak<Hub>) -> diesel::QueryResult<()> {
    let mut checked = Instant::now();
    loop {
        let Some(strong) = hub.upgrade() else { return Ok(()) };
        let mut woken = false;
        for notification in conn.notifications_iter() {
            let notification = notification?;
            let users: Vec<&str> = notification.payload.split(',').filter(|s| !s.is_empty()).collect();
            strong.wake(&users);
            woken = true;
        }
        drop(strong);
        if woken {
            checked = Instant::now();
            continue;
        }
        if checked.elapsed() >= CHECK {
            conn.batch_execute("SELECT 1")?;
            checked = Instant::now();
        }
        std::thread::sleep(POLL);
    }
}
