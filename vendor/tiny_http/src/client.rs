use ascii::AsciiString;

use std::io::Error as IoError;
use std::io::Result as IoResult;
use std::io::{BufReader, BufWriter, ErrorKind, Read, Write};

use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::Arc;

use crate::common::{HTTPVersion, Header, Method};
use crate::limits::{Deadline, Limits};
use crate::util::RefinedTcpStream;
use crate::util::{SequentialReader, SequentialReaderBuilder, SequentialWriterBuilder};
use crate::Request;

/// A ClientConnection is an object that will store a socket to a client
/// and return Request objects.
pub struct ClientConnection {
    // address of the client
    remote_addr: IoResult<Option<SocketAddr>>,

    // sequence of Readers to the stream, so that the data is not read in
    //  the wrong order
    source: SequentialReaderBuilder<BufReader<RefinedTcpStream>>,

    // sequence of Writers to the stream, to avoid writing response #2 before
    //  response #1
    sink: SequentialWriterBuilder<BufWriter<RefinedTcpStream>>,

    // Reader to read the next header from
    next_header_source: SequentialReader<BufReader<RefinedTcpStream>>,

    // set to true if we know that the previous request is the last one
    no_more_requests: bool,

    // true if the connection goes through SSL
    secure: bool,

    // guidebook's patch: how long the socket waits for the part of a request being read
    deadline: Arc<Deadline>,

    // guidebook's patch: whether the first byte of the request being read has arrived
    head_started: bool,

    // guidebook's patch: what the client may send, and how slowly
    limits: Limits,
}

/// Error that can happen when reading a request.
#[derive(Debug)]
enum ReadError {
    WrongRequestLine,
    WrongHeader(HTTPVersion),
    /// the client sent an unrecognized `Expect` header
    ExpectationFailed(HTTPVersion),
    ReadIoError(IoError),
    /// guidebook's patch: the limits of `crate::limits::Limits`, each answered with its status.
    /// The request line is longer than `MAX_REQUEST_LINE` (414).
    RequestLineTooLong,
    /// The header fields are more than `MAX_HEADER_FIELDS` or `MAX_HEADER_BYTES` (431).
    HeadersTooLarge(HTTPVersion),
    /// A body on GET or HEAD, a chunked body, or one over `MAX_BODY` (413).
    BodyRefused(HTTPVersion),
    /// A Content-Length that is not a number (400).
    BadContentLength(HTTPVersion),
    /// The head did not arrive within `HEAD_TIMEOUT` of its first byte (408).
    HeadTimeout,
    /// No new request began within `IDLE_TIMEOUT`: close quietly.
    Idle,
    /// A request line of HTTP/2.0 or later (the h2 preface among them): 505 and close.
    VersionNotSupported,
}

/// guidebook's patch: what can end the reading of one line of a request head.
enum LineError {
    TooLong,
    Io(IoError),
}

impl ClientConnection {
    /// Creates a new `ClientConnection` that takes ownership of the `TcpStream`.
    pub fn new(
        write_socket: RefinedTcpStream,
        mut read_socket: RefinedTcpStream,
        limits: Limits,
    ) -> ClientConnection {
        let remote_addr = read_socket.peer_addr();
        let secure = read_socket.secure();
        let deadline = read_socket.deadline();

        let mut source = SequentialReaderBuilder::new(BufReader::with_capacity(1024, read_socket));
        let first_header = source.next().unwrap();

        ClientConnection {
            source,
            sink: SequentialWriterBuilder::new(BufWriter::with_capacity(1024, write_socket)),
            remote_addr,
            next_header_source: first_header,
            no_more_requests: false,
            secure,
            deadline,
            head_started: false,
            limits,
        }
    }

    /// true if the connection is HTTPS
    pub fn secure(&self) -> bool {
        self.secure
    }

    /// Reads the next line from self.next_header_source.
    ///
    /// Reads until `CRLF` is reached. The next read will start
    ///  at the first byte of the new line.
    ///
    /// guidebook's patch: at most `max` bytes (else `TooLong`, without reading further); when
    /// `first` (the request line), the first byte ends the idle wait and starts the head's clock.
    fn read_next_line(&mut self, max: usize, first: bool) -> Result<AsciiString, LineError> {
        let mut buf = Vec::new();
        let mut prev_byte_was_cr = false;

        loop {
            let byte = self.next_header_source.by_ref().bytes().next();

            let byte = match byte {
                Some(b) => b.map_err(LineError::Io)?,
                None => {
                    return Err(LineError::Io(IoError::new(
                        ErrorKind::ConnectionAborted,
                        "Unexpected EOF",
                    )))
                }
            };
            if first && !self.head_started {
                self.head_started = true;
                self.deadline.set(self.limits.head_timeout);
            }

            if byte == b'\n' && prev_byte_was_cr {
                buf.pop(); // removing the '\r'
                return AsciiString::from_ascii(buf).map_err(|_| {
                    LineError::Io(IoError::new(ErrorKind::InvalidInput, "Header is not in ASCII"))
                });
            }

            prev_byte_was_cr = byte == b'\r';

            buf.push(byte);
            // The CR of the line's CRLF is not counted.
            if buf.len() > max + usize::from(prev_byte_was_cr) {
                return Err(LineError::TooLong);
            }
        }
    }

    /// Reads a request from the stream.
    /// Blocks until the header has been read.
    fn read(&mut self) -> Result<Request, ReadError> {
        // Waiting for a request to begin; `read_next_line` starts the head's clock.
        self.deadline.set(self.limits.idle_timeout);
        self.head_started = false;
        let (method, path, version, headers) = {
            // reading the request line
            let (method, path, version) = {
                let line = match self.read_next_line(self.limits.max_request_line, true) {
                    Ok(line) => line,
                    Err(LineError::TooLong) => return Err(ReadError::RequestLineTooLong),
                    // Nothing of a request arrived: an idle keep-alive connection ends quietly.
                    Err(LineError::Io(e)) if e.kind() == ErrorKind::TimedOut && !self.head_started => {
                        return Err(ReadError::Idle)
                    }
                    Err(LineError::Io(e)) if e.kind() == ErrorKind::TimedOut => return Err(ReadError::HeadTimeout),
                    Err(LineError::Io(e)) if e.kind() == ErrorKind::InvalidInput => {
                        return Err(ReadError::WrongRequestLine)
                    }
                    Err(LineError::Io(e)) => return Err(ReadError::ReadIoError(e)),
                };

                let parsed = parse_request_line(
                    line.as_str().trim(), // TODO: remove this conversion
                )?;
                // guidebook's patch: refused here, before a request (which holds the
                // connection's writer) exists; the original refused after, and writing its 505
                // waited forever for that request's writer to be done.
                if parsed.2 > (1, 1) {
                    return Err(ReadError::VersionNotSupported);
                }
                parsed
            };

            // getting all headers
            let headers = {
                let mut headers = Vec::new();
                let mut left = self.limits.max_header_bytes;
                loop {
                    let line = match self.read_next_line(left, false) {
                        Ok(line) => line,
                        Err(LineError::TooLong) => return Err(ReadError::HeadersTooLarge(version)),
                        Err(LineError::Io(e)) if e.kind() == ErrorKind::TimedOut => {
                            return Err(ReadError::HeadTimeout)
                        }
                        Err(LineError::Io(e)) if e.kind() == ErrorKind::InvalidInput => {
                            return Err(ReadError::WrongHeader(version))
                        }
                        Err(LineError::Io(e)) => return Err(ReadError::ReadIoError(e)),
                    };

                    if line.is_empty() {
                        break;
                    };
                    left = left.saturating_sub(line.len() + 2);
                    if headers.len() == self.limits.max_header_fields {
                        return Err(ReadError::HeadersTooLarge(version));
                    }
                    headers.push(match FromStr::from_str(line.as_str().trim()) {
                        // TODO: remove this conversion
                        Ok(h) => h,
                        _ => return Err(ReadError::WrongHeader(version)),
                    });
                }

                headers
            };

            (method, path, version, headers)
        };
        // The head is in; a body is read with the plain per-read timeout.
        self.deadline.clear();
        check_body(&method, &version, &headers, self.limits.max_body)?;

        // building the writer for the request
        let writer = self.sink.next().unwrap();

        // follow-up for next potential request
        let mut data_source = self.source.next().unwrap();
        std::mem::swap(&mut self.next_header_source, &mut data_source);

        // building the next reader
        let request = crate::request::new_request(
            self.secure,
            method,
            path,
            version.clone(),
            headers,
            // guidebook's patch: a client gone before its address was read is no reason to panic
            self.remote_addr.as_ref().ok().copied().flatten(),
            data_source,
            writer,
        )
        .map_err(|e| {
            use crate::request;
            match e {
                request::RequestCreationError::CreationIoError(e) => ReadError::ReadIoError(e),
                request::RequestCreationError::ExpectationFailed => {
                    ReadError::ExpectationFailed(version)
                }
            }
        })?;

        // return the request
        Ok(request)
    }

    /// guidebook's patch: answers a request that is refused before it reaches the application,
    /// with `Connection: close` and a line saying why.
    fn refuse(&mut self, status: u16, version: HTTPVersion, why: &str) {
        use crate::{Response, StatusCode};
        let mut writer = self.sink.next().unwrap();
        let response = Response::from_string(format!("{why}\n"))
            .with_status_code(StatusCode(status))
            .with_connection_close();
        response.raw_print(&mut writer, version, &[], false, None).ok();
        writer.flush().ok();
    }

    /// guidebook's patch: reads and throws away what the client still sends (a refused body),
    /// for at most `LINGER`, so that closing does not reset the connection before the client
    /// has read the refusal.
    fn linger(&mut self) {
        // The refusal is all the client gets: the end of it tells the client to stop sending
        // and close, which ends the wait below.
        self.sink.when_done(|w| {
            w.flush().ok();
            w.get_mut().shutdown_write().ok();
        });
        self.deadline.set(self.limits.linger);
        let mut buf = [0u8; 8192];
        let mut total = 0;
        while total < self.limits.max_linger_bytes {
            match self.next_header_source.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => total += n,
            }
        }
    }
}

/// guidebook's patch: refuses request bodies that a server of static files has no use for, before
/// any of them is read: any body on GET or HEAD, a chunked body (its length is unknown until
/// read), a body over `max_body` bytes, and a Content-Length that is not a number.
fn check_body(method: &Method, version: &HTTPVersion, headers: &[Header], max_body: usize) -> Result<(), ReadError> {
    let chunked = headers.iter().any(|h| h.field.equiv("Transfer-Encoding"));
    let length = match headers.iter().find(|h| h.field.equiv("Content-Length")) {
        None => 0,
        Some(h) => match h.value.as_str().trim().parse::<u64>() {
            Ok(n) => n,
            Err(_) => return Err(ReadError::BadContentLength(version.clone())),
        },
    };
    let bodiless = matches!(method, Method::Get | Method::Head);
    if chunked || (bodiless && length > 0) || length > max_body as u64 {
        return Err(ReadError::BodyRefused(version.clone()));
    }
    Ok(())
}

impl Iterator for ClientConnection {
    type Item = Request;

    /// Blocks until the next Request is available.
    /// Returns None when no new Requests will come from the client.
    fn next(&mut self) -> Option<Request> {
        use crate::{Response, StatusCode};

        // the client sent a "connection: close" header in this previous request
        //  or is using HTTP 1.0, meaning that no new request will come
        if self.no_more_requests {
            return None;
        }

        loop {
            let rq = match self.read() {
                Err(ReadError::WrongRequestLine) => {
                    self.refuse(400, HTTPVersion(1, 1), "bad request line");
                    return None; // we don't know where the next request would start,
                                 // se we have to close
                }

                Err(ReadError::WrongHeader(ver)) => {
                    self.refuse(400, ver, "bad header field");
                    return None; // we don't know where the next request would start,
                                 // se we have to close
                }

                Err(ReadError::RequestLineTooLong) => {
                    let why = format!("request line over {} bytes", self.limits.max_request_line);
                    self.refuse(414, HTTPVersion(1, 1), &why);
                    self.linger();
                    return None;
                }

                Err(ReadError::HeadersTooLarge(ver)) => {
                    let why = format!(
                        "header fields over {} bytes or {} fields",
                        self.limits.max_header_bytes,
                        self.limits.max_header_fields
                    );
                    self.refuse(431, ver, &why);
                    self.linger();
                    return None;
                }

                Err(ReadError::BodyRefused(ver)) => {
                    let why = format!(
                        "request bodies are refused: none on GET or HEAD, none chunked, none over {} bytes",
                        self.limits.max_body
                    );
                    self.refuse(413, ver, &why);
                    self.linger();
                    return None;
                }

                Err(ReadError::BadContentLength(ver)) => {
                    self.refuse(400, ver, "Content-Length is not a number");
                    self.linger();
                    return None;
                }

                Err(ReadError::HeadTimeout) => {
                    // request timeout
                    let why = format!("request head not complete within {} s", self.limits.head_timeout.as_secs_f64());
                    self.refuse(408, HTTPVersion(1, 1), &why);
                    return None; // closing the connection
                }

                Err(ReadError::Idle) => return None,

                Err(ReadError::VersionNotSupported) => {
                    self.refuse(505, HTTPVersion(1, 1), "only HTTP/1.0 and HTTP/1.1 are answered");
                    self.linger();
                    return None;
                }

                Err(ReadError::ExpectationFailed(ver)) => {
                    let writer = self.sink.next().unwrap();
                    let response = Response::new_empty(StatusCode(417));
                    response.raw_print(writer, ver, &[], true, None).ok();
                    return None; // TODO: should be recoverable, but needs handling in case of body
                }

                Err(ReadError::ReadIoError(_)) => return None,

                Ok(rq) => rq,
            };

            // updating the status of the connection
            let connection_header = rq
                .headers()
                .iter()
                .find(|h| h.field.equiv("Connection"))
                .map(|h| h.value.as_str());

            let lowercase = connection_header.map(|h| h.to_ascii_lowercase());

            match lowercase {
                Some(ref val) if val.contains("close") => self.no_more_requests = true,
                Some(ref val) if val.contains("upgrade") => self.no_more_requests = true,
                Some(ref val)
                    if !val.contains("keep-alive") && *rq.http_version() == HTTPVersion(1, 0) =>
                {
                    self.no_more_requests = true
                }
                None if *rq.http_version() == HTTPVersion(1, 0) => self.no_more_requests = true,
                _ => (),
            };

            // returning the request
            return Some(rq);
        }
    }
}

/// Parses a "HTTP/1.1" string.
fn parse_http_version(version: &str) -> Result<HTTPVersion, ReadError> {
    let (major, minor) = match version {
        "HTTP/0.9" => (0, 9),
        "HTTP/1.0" => (1, 0),
        "HTTP/1.1" => (1, 1),
        "HTTP/2.0" => (2, 0),
        "HTTP/3.0" => (3, 0),
        _ => return Err(ReadError::WrongRequestLine),
    };

    Ok(HTTPVersion(major, minor))
}

/// Parses the request line of the request.
/// eg. GET / HTTP/1.1
fn parse_request_line(line: &str) -> Result<(Method, String, HTTPVersion), ReadError> {
    let mut parts = line.split(' ');

    let method = parts.next().and_then(|w| w.parse().ok());
    let path = parts.next().map(ToOwned::to_owned);
    let version = parts.next().and_then(|w| parse_http_version(w).ok());

    method
        .and_then(|method| Some((method, path?, version?)))
        .ok_or(ReadError::WrongRequestLine)
}

#[cfg(test)]
mod test {
    #[test]
    fn test_parse_request_line() {
        let (method, path, ver) = super::parse_request_line("GET /hello HTTP/1.1").unwrap();

        assert!(method == crate::Method::Get);
        assert!(path == "/hello");
        assert!(ver == crate::common::HTTPVersion(1, 1));

        assert!(super::parse_request_line("GET /hello").is_err());
        assert!(super::parse_request_line("qsd qsd qsd").is_err());
    }
}
