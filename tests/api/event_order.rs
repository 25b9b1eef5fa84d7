//! Members' events under concurrent writers, on both backends: two transactions that give events to
//! the same two members in opposite orders both commit (PostgreSQL numbers a transaction's events
//! together at its end, the head rows locked in one order, instead of deadlocking), and each
//! member's events are numbered 1, 2, 3, … with no gap and no repeat.

use std::sync::{Arc, Barrier};
use std::time::Duration;

use madani_api::db::{DbConn, write_tx};
use madani_api::error::ApiError;
use madani_api::realtime::{NewEvent, publish};
use madani_shared::messaging::EventKind;
use madani_tests::both_backends;

both_backends! {
    async fn events_for_the_same_members_in_opposite_orders_all_commit(app) {
        let a = app.member("a@example.org").await.user.id.to_string();
        let b = app.member("b@example.org").await.user.id.to_string();
        let url = app.database_url();
        let barrier = Arc::new(Barrier::new(2));
        let writer = |first: String, both: Vec<String>| {
            let (url, barrier) = (url.clone(), barrier.clone());
            std::thread::spawn(move || -> Vec<Result<(), String>> {
                let mut conn: DbConn = madani_api::db::establish(&url).expect("a connection");
                // Every round runs, whatever the previous one did, so that a failure is reported
                // rather than leaving the other writer waiting at the barrier.
                (0..5).map(|_| {
                    barrier.wait();
                    write_tx(&mut conn, |conn| -> Result<(), ApiError> {
                        publish(conn, std::slice::from_ref(&first), &NewEvent::new(EventKind::NotificationCreated))?;
                        // Let the other transaction take its first member meanwhile.
                        std::thread::sleep(Duration::from_millis(100));
                        publish(conn, &both, &NewEvent::new(EventKind::NotificationCreated))?;
                        Ok(())
                    })
                    .map_err(|e| e.to_string())
                })
                .collect()
            })
        };
        let one = writer(a.clone(), vec![b.clone(), a.clone()]);
        let two = writer(b.clone(), vec![a.clone(), b.clone()]);
        let (one, two) = tokio::task::spawn_blocking(move || (one.join().unwrap(), two.join().unwrap())).await.unwrap();
        assert_eq!(one, vec![Ok(()); 5], "the first writer committed every time");
        assert_eq!(two, vec![Ok(()); 5], "the second writer committed every time");

        // Each member has 5 events as a first member and 10 shared ones, numbered 1..=n
        // without a gap.
        let mut conn = madani_api::db::establish(&url).unwrap();
        for member in [&a, &b] {
            let events = madani_api::realtime::events::after(&mut conn, member, 0, 1000).unwrap();
            let numbers: Vec<i64> = events.iter().map(|e| e.seq).collect();
            assert_eq!(numbers, (1..=numbers.len() as i64).collect::<Vec<_>>(), "{member}");
            let created = events.iter().filter(|e| e.kind == "notification.created").count();
            assert_eq!(created, 15, "five as the first member and ten shared, for {member}");
        }
    }
}
