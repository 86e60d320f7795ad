//! The server over real TCP on 127.0.0.1, port chosen by the OS.
//!
//! No sleeps: the listener is bound before the server task starts, so the
//! kernel queues our connection until the server accepts it.

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

use crate::app;

/// A plain HTTP/1.1 GET; returns the whole response (status line, headers,
/// body). `Connection: close` makes the server end the stream after it.
async fn http_get(address: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(address).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

#[tokio::test]
async fn serve_answers_healthz_over_tcp() {
    let (_db, state) = app().await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = tokio::spawn(redress_web::serve(listener, state));

    let response = http_get(address, "/healthz").await;

    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert!(response.ends_with("\r\n\r\nok"), "{response}");
    server.abort();
}

#[tokio::test]
async fn serve_with_shutdown_stops_cleanly_when_told() {
    let (_db, state) = app().await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(redress_web::serve_with_shutdown(listener, state, async {
        // A dropped sender counts as "stop" too.
        let _ = stopped.await;
    }));

    let response = http_get(address, "/sign-in").await;
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
