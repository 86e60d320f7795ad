//! A small HTTP/1.1 client over tokio's TCP, enough to talk to `redress serve` as a script
//! would: one request at a time on a connection, bodies framed by `Content-Length` (or
//! chunked). Shared by the crash test and the intake benchmark (`benches/intake.rs`), so that
//! neither needs an HTTP client crate.

use std::io;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// The longest response head or chunk line read, so that a confused peer cannot make a
/// test read forever.
const MAX_LINE: usize = 16 * 1024;

/// A response: status, headers (names lowercased) and body.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The headers, names lowercased, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// The first header named `name` (lowercase), if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The body as JSON (`Null` if it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// The body as text, for messages.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A request to send.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// `GET` or `POST`.
    pub method: &'a str,
    /// The path and query.
    pub path: &'a str,
    /// Extra headers, such as `Authorization` and `Idempotency-Key`.
    pub headers: &'a [(&'a str, &'a str)],
    /// A JSON body, sent with `Content-Type: application/json` when not empty.
    pub body: &'a [u8],
}

/// One connection to a server, kept alive between requests.
pub struct Connection {
    host: String,
    stream: BufReader<TcpStream>,
}

impl Connection {
    /// Connects to `address` (`host:port`).
    pub async fn open(address: &str) -> io::Result<Connection> {
        let stream = TcpStream::connect(address).await?;
        // Requests are small and answered one at a time: Nagle would only add delay.
        stream.set_nodelay(true)?;
        Ok(Connection { host: address.to_owned(), stream: BufReader::new(stream) })
    }

    /// Sends `request` and reads its response; the connection can be used again unless the
    /// server said `Connection: close`.
    pub async fn send(&mut self, request: Request<'_>) -> io::Result<Response> {
        let mut head = format!("{} {} HTTP/1.1\r\nHost: {}\r\n", request.method, request.path, self.host);
        for (name, value) in request.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if !request.body.is_empty() {
            head.push_str("Content-Type: application/json\r\n");
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", request.body.len()));
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(request.body);
        self.stream.get_mut().write_all(&bytes).await?;
        self.read_response().await
    }

    async fn read_response(&mut self) -> io::Result<Response> {
        let status_line = self.line().await?;
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| invalid(format!("not a status line: {status_line:?}")))?;
        let mut headers = Vec::new();
        loop {
            let line = self.line().await?;
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').ok_or_else(|| invalid(format!("not a header: {line:?}")))?;
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
        let find = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v): &(String, String)| v.clone());
        let body = if find("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
            self.chunked().await?
        } else if let Some(length) = find("content-length") {
            let length: usize = length.parse().map_err(|_| invalid(format!("content-length {length:?}")))?;
            let mut body = vec![0; length];
            self.stream.read_exact(&mut body).await?;
            body
        } else {
            // Neither: the body runs to the end of the connection.
            let mut body = Vec::new();
            self.stream.read_to_end(&mut body).await?;
            body
        };
        Ok(Response { status, headers, body })
    }

    async fn chunked(&mut self) -> io::Result<Vec<u8>> {
        let mut body = Vec::new();
        loop {
            let line = self.line().await?;
            let size = line.split(';').next().unwrap_or_default().trim();
            let size = usize::from_str_radix(size, 16).map_err(|_| invalid(format!("chunk size {line:?}")))?;
            if size == 0 {
                // Trailers, if any, end with an empty line.
                while !self.line().await?.is_empty() {}
                return Ok(body);
            }
            let start = body.len();
            body.resize(start + size, 0);
            self.stream.read_exact(&mut body[start..]).await?;
            self.line().await?;
        }
    }

    /// One line without its CRLF; an error at the end of the stream (the server went away).
    async fn line(&mut self) -> io::Result<String> {
        let mut line = Vec::new();
        let read = (&mut self.stream).take(MAX_LINE as u64).read_until(b'\n', &mut line).await?;
        if read == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the connection closed"));
        }
        if line.last() != Some(&b'\n') {
            return Err(invalid("a line too long, or cut short".to_owned()));
        }
        while matches!(line.last(), Some(b'\n' | b'\r')) {
            line.pop();
        }
        String::from_utf8(line).map_err(|_| invalid("a line that is not UTF-8".to_owned()))
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}
