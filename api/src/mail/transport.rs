//! Where emails go: files for development, SMTP for real deployments.

use std::io::Write;
use std::path::PathBuf;

use lettre::Transport as _;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message};

use super::OutboxEmail;

/// RFC 8058's `List-Unsubscribe-Post` value: the unsubscribe address takes a POST, no confirmation.
const ONE_CLICK: &str = "List-Unsubscribe=One-Click";

pub trait Transport: Send + Sync {
    fn send(&self, email: &OutboxEmail) -> Result<(), String>;
}

/// Writes each email to `<dir>/<time>-<id>.eml`, for a developer to open.
pub struct FileTransport {
    pub dir: PathBuf,
    pub from: String,
}

impl Transport for FileTransport {
    fn send(&self, email: &OutboxEmail) -> Result<(), String> {
        crate::private_fs::create_dir_all(&self.dir).map_err(|e| e.to_string())?;
        let name = format!("{}-{}.eml", email.created_at.format("%Y%m%dT%H%M%S"), email.id);
        let path = self.dir.join(name);
        let mut file = crate::private_fs::create_new(&path).map_err(|e| e.to_string())?;
        let unsubscribe = match &email.unsubscribe_url {
            Some(url) => format!("List-Unsubscribe: <{url}>\r\nList-Unsubscribe-Post: {ONE_CLICK}\r\n"),
            None => String::new(),
        };
        write!(
            file,
            "From: {}\r\nTo: {}\r\nSubject: {}\r\nDate: {}\r\n{unsubscribe}Content-Type: text/plain; charset=utf-8\r\n\r\n{}",
            self.from,
            email.to_address,
            email.subject,
            email.created_at.and_utc().to_rfc2822(),
            email.body
        )
        .map_err(|e| e.to_string())?;
        tracing::info!(path = %path.display(), "email written to the outbox folder");
        Ok(())
    }
}

pub struct SmtpTransport {
    inner: lettre::SmtpTransport,
    from: Mailbox,
}

impl SmtpTransport {
    pub fn new(url: &str, from: &str) -> Result<Self, String> {
        let inner = lettre::SmtpTransport::from_url(url).map_err(|e| format!("MADANI_SMTP_URL: {e}"))?.build();
        let from = from.parse().map_err(|e| format!("MADANI_SMTP_FROM: {e}"))?;
        Ok(SmtpTransport { inner, from })
    }
}

impl Transport for SmtpTransport {
    fn send(&self, email: &OutboxEmail) -> Result<(), String> {
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(email.to_address.parse().map_err(|e| format!("address: {e}"))?)
            .subject(email.subject.clone())
            .header(ContentType::TEXT_PLAIN);
        if let Some(url) = &email.unsubscribe_url {
            builder = builder
                .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), format!("<{url}>")))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    ONE_CLICK.into(),
                ));
        }
        let message = builder.body(email.body.clone()).map_err(|e| e.to_string())?;
        self.inner.send(&message).map(|_| ()).map_err(|e| e.to_string())
    }
}
