//! An SMTP sink on loopback for tests, needing nothing but Rust: it speaks enough SMTP for a
//! client (EHLO or HELO, MAIL FROM, RCPT TO, DATA with dot-unstuffing, RSET, NOOP, QUIT), keeps
//! every message as it arrived, and answers the end of each message as told: accepted (250),
//! failed for now (451) or refused (554). Listens on an ephemeral port of 127.0.0.1.

use std::collections::VecDeque;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// How the sink answers the end of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// `250 2.0.0 Ok: queued as N`.
    Accept,
    /// `451 4.3.0 Try again later`: a temporary failure.
    TryLater,
    /// `554 5.7.1 Message refused`: a permanent failure.
    Refuse,
}

impl Answer {
    /// The reply line for the `n`th message.
    fn reply(self, n: usize) -> String {
        match self {
            Answer::Accept => format!("250 2.0.0 Ok: queued as sink-{n}\r\n"),
            Answer::TryLater => "451 4.3.0 Try again later\r\n".to_owned(),
            Answer::Refuse => "554 5.7.1 Message refused\r\n".to_owned(),
        }
    }
}

/// A message as it reached the sink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrived {
    /// The envelope's sender (`MAIL FROM`).
    pub mail_from: String,
    /// The envelope's recipients (`RCPT TO`), in order.
    pub rcpt_to: Vec<String>,
    /// The message, dot-unstuffed, with its CRLF line ends.
    pub data: Vec<u8>,
    /// How the sink answered it.
    pub answer: Answer,
}

#[derive(Default)]
struct State {
    answers: VecDeque<Answer>,
    arrived: Vec<Arrived>,
}

/// A running sink; stops when dropped.
pub struct SmtpSink {
    address: SocketAddr,
    state: Arc<Mutex<State>>,
    task: JoinHandle<()>,
}

impl SmtpSink {
    /// Starts a sink on an ephemeral port of 127.0.0.1, accepting every message until told
    /// otherwise.
    ///
    /// # Errors
    ///
    /// If no port can be had.
    pub async fn start() -> io::Result<SmtpSink> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(converse(stream, Arc::clone(&shared)));
            }
        });
        Ok(SmtpSink { address, state, task })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// Answers the next messages as `answers` say, in order; those after them are accepted.
    pub fn answer_next(&self, answers: impl IntoIterator<Item = Answer>) {
        self.lock().answers.extend(answers);
    }

    /// Every message that reached it, first first, however it was answered.
    pub fn arrived(&self) -> Vec<Arrived> {
        self.lock().arrived.clone()
    }

    /// The messages it accepted.
    pub fn accepted(&self) -> Vec<Arrived> {
        self.arrived().into_iter().filter(|m| m.answer == Answer::Accept).collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One client's session, until it quits or goes.
async fn converse(stream: TcpStream, state: Arc<Mutex<State>>) {
    // A client that goes mid-session is no concern of the test: the session just ends.
    let _ = session(stream, state).await;
}

async fn session(stream: TcpStream, state: Arc<Mutex<State>>) -> io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink.test ESMTP Redress test sink\r\n").await?;
    let mut mail_from = String::new();
    let mut rcpt_to = Vec::new();
    loop {
        let mut line = Vec::new();
        if lines.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&line).trim_end().to_owned();
        let verb = text.split([' ', ':']).next().unwrap_or_default().to_ascii_uppercase();
        let reply = match verb.as_str() {
            "EHLO" => "250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n".to_owned(),
            "HELO" | "NOOP" => "250 2.0.0 Ok\r\n".to_owned(),
            "RSET" => {
                (mail_from, rcpt_to) = (String::new(), Vec::new());
                "250 2.0.0 Ok\r\n".to_owned()
            }
            "MAIL" => {
                mail_from = path_of(&text);
                "250 2.1.0 Ok\r\n".to_owned()
            }
            "RCPT" => {
                rcpt_to.push(path_of(&text));
                "250 2.1.5 Ok\r\n".to_owned()
            }
            "DATA" => {
                write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await?;
                let data = read_data(&mut lines).await?;
                let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
                let answer = state.answers.pop_front().unwrap_or(Answer::Accept);
                let arrived = Arrived { mail_from: mail_from.clone(), rcpt_to: rcpt_to.clone(), data, answer };
                state.arrived.push(arrived);
                (mail_from, rcpt_to) = (String::new(), Vec::new());
                answer.reply(state.arrived.len())
            }
            "QUIT" => {
                write.write_all(b"221 2.0.0 Bye\r\n").await?;
                return Ok(());
            }
            _ => "502 5.5.2 Command not recognised\r\n".to_owned(),
        };
        write.write_all(reply.as_bytes()).await?;
    }
}

/// The address in `MAIL FROM:<a>` or `RCPT TO:<a>`.
fn path_of(line: &str) -> String {
    let inside = line.split_once('<').and_then(|(_, rest)| rest.split_once('>')).map(|(path, _)| path);
    inside.unwrap_or_default().to_owned()
}

/// The message after `DATA`, up to the line holding only a dot, with every line's leading
/// extra dot taken off (RFC 5321 4.5.2).
async fn read_data(lines: &mut BufReader<tokio::net::tcp::OwnedReadHalf>) -> io::Result<Vec<u8>> {
    let mut data = Vec::new();
    loop {
        let mut line = Vec::new();
        if lines.read_until(b'\n', &mut line).await? == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the client went during DATA"));
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok(data);
        }
        let unstuffed = if line.starts_with(b"..") { &line[1..] } else { &line[..] };
        data.extend_from_slice(unstuffed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_is_taken_from_between_the_angle_brackets() {
        assert_eq!(path_of("MAIL FROM:<complaints@alpha.example> SIZE=100"), "complaints@alpha.example");
        assert_eq!(path_of("RCPT TO:<ada@example.org>"), "ada@example.org");
        assert_eq!(path_of("MAIL FROM:<>"), "");
    }
}
