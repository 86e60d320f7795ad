//! The client's network address behind reverse proxies, for the sign-in throttle.
//!
//! `X-Forwarded-For` and `Forwarded` are only believed from a proxy the configuration names
//! ([`TrustedProxies`]): anyone else could write any address there and so choose whose
//! failures they add to. A proxy appends the address it got the request from, so the chain
//! is read from the right, and the client is the right-most address that is not itself a
//! trusted proxy; anything further left was written by that client and is ignored.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use axum::http::HeaderMap;

/// An IP address or a CIDR range of them (`10.0.0.0/8`, `2001:db8::/32`, `192.0.2.7`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

/// Why a trusted proxy could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an IP address or CIDR range (like 10.0.0.1 or 10.0.0.0/8)")]
pub struct IpRangeError(String);

impl IpRange {
    /// Whether `address` is in the range. An IPv4 address written as IPv6 (`::ffff:a.b.c.d`)
    /// counts as the IPv4 address.
    pub fn contains(&self, address: IpAddr) -> bool {
        match (self.network, canonical(address)) {
            (IpAddr::V4(network), IpAddr::V4(address)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(network) & mask == u32::from(address) & mask
            }
            (IpAddr::V6(network), IpAddr::V6(address)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(network) & mask == u128::from(address) & mask
            }
            _ => false,
        }
    }
}

impl FromStr for IpRange {
    type Err = IpRangeError;

    fn from_str(text: &str) -> Result<IpRange, IpRangeError> {
        let error = || IpRangeError(text.to_owned());
        let (address, prefix) = match text.trim().split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text.trim(), None),
        };
        let network = canonical(address.parse().map_err(|_| error())?);
        let most = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix.parse::<u8>().ok().filter(|p| *p <= most).ok_or_else(error)?,
            None => most,
        };
        Ok(IpRange { network, prefix })
    }
}

impl fmt::Display for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// The reverse proxies whose forwarded addresses are believed (none by default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpRange>);

impl TrustedProxies {
    /// Trusts these addresses and ranges.
    pub fn new(ranges: Vec<IpRange>) -> TrustedProxies {
        TrustedProxies(ranges)
    }

    /// Whether `address` is a trusted proxy.
    pub fn contains(&self, address: IpAddr) -> bool {
        self.0.iter().any(|range| range.contains(address))
    }

    /// The client's address for a request that came from `peer` with `headers`: `peer`
    /// itself unless it is a trusted proxy; otherwise the right-most address of the chain the
    /// proxies wrote that is not a trusted proxy. `X-Forwarded-For` is read when present,
    /// else `Forwarded`. An entry that is not an address (`unknown`, an obfuscated name) ends
    /// the walk at the last trusted hop, since nothing further left can be vouched for.
    pub fn client_address(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.contains(peer) {
            return peer;
        }
        let mut client = peer;
        for hop in forwarded_chain(headers).into_iter().rev() {
            let Some(hop) = hop else { break };
            client = hop;
            if !self.contains(hop) {
                break;
            }
        }
        client
    }
}

/// An IPv4-mapped IPv6 address as IPv4, so that `::ffff:10.0.0.1` matches `10.0.0.0/8`.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        IpAddr::V4(_) => address,
    }
}

/// The addresses the proxies wrote, left (first) to right (nearest), `None` for an entry that
/// is not an address. All the header's lines count, in order, as one list.
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let lines = |name: &str| -> Vec<String> {
        headers.get_all(name).iter().map(|v| v.to_str().map(str::to_owned).unwrap_or_default()).collect()
    };
    let x_forwarded_for = lines("x-forwarded-for");
    if !x_forwarded_for.is_empty() {
        return x_forwarded_for.iter().flat_map(|line| line.split(',')).map(|hop| parse_hop(hop.trim())).collect();
    }
    lines("forwarded")
        .iter()
        .flat_map(|line| line.split(','))
        .map(|element| {
            let node = element
                .split(';')
                .filter_map(|pair| pair.split_once('='))
                .find(|(name, _)| name.trim().eq_ignore_ascii_case("for"))
                .map(|(_, value)| value.trim().trim_matches('"'));
            node.and_then(parse_hop)
        })
        .collect()
}

/// One hop's address: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(address) = hop.parse::<IpAddr>() {
        return Some(canonical(address));
    }
    let host = match hop.strip_prefix('[') {
        Some(rest) => rest.split_once(']')?.0,
        None => hop.rsplit_once(':')?.0,
    };
    host.parse::<IpAddr>().ok().map(canonical)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn proxies(ranges: &[&str]) -> TrustedProxies {
        TrustedProxies::new(ranges.iter().map(|r| r.parse().unwrap()).collect())
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn ranges_are_addresses_or_cidr_blocks() {
        let range: IpRange = "10.0.0.0/8".parse().unwrap();
        assert!(range.contains(ip("10.1.2.3")) && !range.contains(ip("11.0.0.1")));
        assert!(range.contains(ip("::ffff:10.1.2.3")), "IPv4-mapped IPv6");
        let one: IpRange = "192.0.2.7".parse().unwrap();
        assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
        let v6: IpRange = "2001:db8::/32".parse().unwrap();
        assert!(v6.contains(ip("2001:db8:1::5")) && !v6.contains(ip("2001:db9::1")));
        assert!("0.0.0.0/0".parse::<IpRange>().unwrap().contains(ip("8.8.8.8")));
        for bad in ["", "proxy.internal", "10.0.0.0/33", "10.0.0.0/x", "::/129"] {
            assert!(bad.parse::<IpRange>().is_err(), "{bad}");
        }
    }

    #[test]
    fn forwarded_addresses_are_ignored_from_a_peer_that_is_not_a_trusted_proxy() {
        let spoofed = headers(&[("x-forwarded-for", "203.0.113.9"), ("forwarded", "for=203.0.113.9")]);
        assert_eq!(TrustedProxies::default().client_address(ip("198.51.100.1"), &spoofed), ip("198.51.100.1"));
        assert_eq!(proxies(&["10.0.0.0/8"]).client_address(ip("198.51.100.1"), &spoofed), ip("198.51.100.1"));
    }

    #[test]
    fn the_client_is_the_right_most_address_that_is_not_a_trusted_proxy() {
        let trusted = proxies(&["10.0.0.0/8"]);
        // The client wrote 1.1.1.1 itself; the first proxy appended the real client.
        let chain = headers(&[("x-forwarded-for", "1.1.1.1, 203.0.113.9"), ("x-forwarded-for", "10.0.0.5")]);
        assert_eq!(trusted.client_address(ip("10.0.0.1"), &chain), ip("203.0.113.9"));
        let forwarded =
            headers(&[("forwarded", r#"for=1.1.1.1, for="[2001:db8::7]:4711";proto=https, For=10.0.0.5:80"#)]);
        assert_eq!(trusted.client_address(ip("10.0.0.1"), &forwarded), ip("2001:db8::7"));
        // No header: the proxy's own address.
        assert_eq!(trusted.client_address(ip("10.0.0.1"), &HeaderMap::new()), ip("10.0.0.1"));
        // Only proxies in the chain: the left-most of them.
        assert_eq!(
            trusted.client_address(ip("10.0.0.1"), &headers(&[("x-forwarded-for", "10.9.9.9")])),
            ip("10.9.9.9")
        );
        // Something that is not an address stops the walk at the last trusted hop.
        let unknown = headers(&[("x-forwarded-for", "1.1.1.1, unknown, 10.0.0.5")]);
        assert_eq!(trusted.client_address(ip("10.0.0.1"), &unknown), ip("10.0.0.5"));
    }
}
