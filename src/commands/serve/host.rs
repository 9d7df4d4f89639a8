//! The Host check against DNS rebinding: a page on `attacker.example`, whose name the attacker
//! then points at 127.0.0.1, could otherwise read the preview from the reader's browser. Such a
//! request names the attacker's host, so only loopback names, the bound address and the name
//! given to `--bind` are answered. A port is not compared: an SSH tunnel or a port forward
//! changes it, and no rebinding attack can choose the name without choosing the host.

use std::net::IpAddr;

/// The host names a server answers.
#[derive(Debug, Clone)]
pub struct Hosts {
    /// What `--bind` named (an address or a host name), lowercased.
    bind: String,
    /// Bound to every interface (0.0.0.0, ::): any IP address names it (no attacker's DNS
    /// name is an IP address), so machines on the network reach it by address.
    any_ip: bool,
}

impl Hosts {
    /// The hosts of a server started with `--bind bind`.
    pub fn new(bind: &str) -> Hosts {
        let any_ip = bind.trim_matches(['[', ']']).parse::<IpAddr>().is_ok_and(|ip| ip.is_unspecified());
        Hosts { bind: bind.trim_matches(['[', ']']).to_ascii_lowercase(), any_ip }
    }

    /// Whether a request with this Host header is answered (one without, from a tool speaking
    /// HTTP/1.0, is: browsers always send it).
    pub fn allows(&self, host: Option<&str>) -> bool {
        let Some(host) = host else { return true };
        let name = strip_port(host.trim()).to_ascii_lowercase();
        let name = name.trim_end_matches('.');
        if matches!(name, "localhost" | "127.0.0.1" | "::1") || name == self.bind {
            return true;
        }
        self.any_ip && name.parse::<IpAddr>().is_ok()
    }
}

/// `host:port` → `host`, `[::1]:80` → `::1`.
fn strip_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("");
    }
    match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_the_bound_address_are_answered() {
        let local = Hosts::new("127.0.0.1");
        for ok in ["localhost", "LOCALHOST:8080", "127.0.0.1:1", "[::1]:3000", "[::1]", "localhost."] {
            assert!(local.allows(Some(ok)), "{ok}");
        }
        for bad in ["attacker.example", "attacker.example:8080", "10.0.0.5", "localhost.attacker.example", ""] {
            assert!(!local.allows(Some(bad)), "{bad}");
        }
        let all = Hosts::new("0.0.0.0");
        assert!(all.allows(Some("192.168.1.20:4000")));
        assert!(!all.allows(Some("attacker.example")));
        assert!(Hosts::new("docs.lan").allows(Some("docs.lan:4000")));
    }
}
