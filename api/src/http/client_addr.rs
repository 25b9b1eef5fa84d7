//! The client's address behind reverse proxies. A client writes `X-Forwarded-For` and `Forwarded`
//! itself, so only the entries appended by proxies we trust can be believed: walking the chain from
//! the right (the peer that connected to us, then each earlier hop), the first address that is not
//! a trusted proxy is the client. With no trusted proxies, the peer is the client.

use std::net::IpAddr;

use actix_web::HttpRequest;
use actix_web::http::header::HeaderMap;

/// Which peers are reverse proxies whose forwarding headers we believe.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Proxies {
    /// None: the peer is the client (the default).
    #[default]
    None,
    /// Whatever connects to us is one proxy (`MADANI_TRUST_FORWARDED=true`): the client is the last
    /// address it appended.
    OneHop,
    /// Peers and hops within these networks (`MADANI_TRUSTED_PROXIES`) are proxies.
    Trusted(Vec<Cidr>),
}

/// An IPv4 or IPv6 network, `10.0.0.0/8`, `fd00::/8`, or one address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn parse(s: &str) -> Option<Cidr> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (s.parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Cidr { network: addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (canonical(self.network), ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

/// `::ffff:1.2.3.4` is `1.2.3.4`.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// A comma-separated list of networks; `None` when one of them does not parse.
pub fn parse_cidrs(list: &str) -> Option<Vec<Cidr>> {
    list.split(',').filter(|s| !s.trim().is_empty()).map(Cidr::parse).collect()
}

impl Proxies {
    fn trusts(&self, ip: IpAddr) -> bool {
        match self {
            Proxies::None => false,
            Proxies::OneHop => true,
            Proxies::Trusted(nets) => nets.iter().any(|n| n.contains(ip)),
        }
    }
}

/// The client's address for `req`.
pub fn client_ip(req: &HttpRequest, proxies: &Proxies) -> String {
    let peer = req.peer_addr().map(|a| a.ip());
    match peer {
        Some(peer) => resolve(peer, req.headers(), proxies).to_string(),
        None => "unknown".into(),
    }
}

/// The client among `peer` and the forwarded hops (see the module's comment).
pub fn resolve(peer: IpAddr, headers: &HeaderMap, proxies: &Proxies) -> IpAddr {
    let peer = canonical(peer);
    if !proxies.trusts(peer) {
        return peer;
    }
    let hops = forwarded_hops(headers);
    let mut client = peer;
    for (i, hop) in hops.iter().rev().enumerate() {
        // One hop only: the address the peer appended.
        if matches!(proxies, Proxies::OneHop) && i > 0 {
            break;
        }
        let Some(hop) = hop else { break };
        client = canonical(*hop);
        if !proxies.trusts(client) || matches!(proxies, Proxies::OneHop) {
            break;
        }
    }
    client
}

/// The hops of `Forwarded` (`for=`) if present, else of `X-Forwarded-For`, left to right; an entry
/// that is not an address (`unknown`, an obfuscated name) is `None` and ends the walk.
fn forwarded_hops(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let forwarded: Vec<Option<IpAddr>> = headers
        .get_all("forwarded")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (k, v) = pair.trim().split_once('=')?;
                k.trim().eq_ignore_ascii_case("for").then(|| parse_node(v.trim().trim_matches('"')))
            })
        })
        .collect();
    if !forwarded.is_empty() {
        return forwarded;
    }
    headers
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|s| parse_node(s.trim()))
        .collect()
}

/// `1.2.3.4`, `1.2.3.4:5678`, `[::1]`, `[::1]:5678`, `::1`.
fn parse_node(s: &str) -> Option<IpAddr> {
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(rest) = s.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    s.rsplit_once(':').and_then(|(host, _)| host.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(HeaderName::from_bytes(k.as_bytes()).unwrap(), HeaderValue::from_str(v).unwrap());
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_headers_say() {
        let h = headers(&[("x-forwarded-for", "6.6.6.6")]);
        assert_eq!(resolve(ip("203.0.113.9"), &h, &Proxies::None), ip("203.0.113.9"));
    }

    #[test]
    fn the_client_cannot_choose_its_address_by_writing_the_header_first() {
        let trusted = Proxies::Trusted(parse_cidrs("10.0.0.0/8").unwrap());
        // The client wrote 6.6.6.6; the proxy 10.0.0.2 appended the real peer 198.51.100.7.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7")]);
        assert_eq!(resolve(ip("10.0.0.2"), &h, &trusted), ip("198.51.100.7"));
        assert_eq!(resolve(ip("10.0.0.2"), &h, &Proxies::OneHop), ip("198.51.100.7"));
        // Two trusted hops: the edge proxy 10.1.1.1 forwarded to 10.0.0.2.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.1.1.1")]);
        assert_eq!(resolve(ip("10.0.0.2"), &h, &trusted), ip("198.51.100.7"));
        // A peer outside the trusted networks: its headers are ignored.
        assert_eq!(resolve(ip("192.0.2.1"), &h, &trusted), ip("192.0.2.1"));
    }

    #[test]
    fn forwarded_is_read_too_and_wins_over_x_forwarded_for() {
        let trusted = Proxies::Trusted(parse_cidrs("10.0.0.0/8, ::1").unwrap());
        let h = headers(&[
            ("forwarded", r#"for=6.6.6.6, for="[2001:db8::7]:4711";proto=https"#),
            ("x-forwarded-for", "9.9.9.9"),
        ]);
        assert_eq!(resolve(ip("::1"), &h, &trusted), ip("2001:db8::7"));
        // `unknown` stops the walk at the last address believed.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, unknown")]);
        assert_eq!(resolve(ip("10.0.0.2"), &h, &trusted), ip("10.0.0.2"));
    }

    #[test]
    fn networks_match_by_prefix_in_both_families() {
        let net = Cidr::parse("192.168.0.0/16").unwrap();
        assert!(net.contains(ip("192.168.44.1")) && !net.contains(ip("192.169.0.1")));
        assert!(net.contains(ip("::ffff:192.168.1.1")), "IPv4-mapped IPv6");
        let v6 = Cidr::parse("fd00::/8").unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        assert!(Cidr::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        assert!(Cidr::parse("10.0.0.0/33").is_none() && parse_cidrs("10.0.0.0/8,nope").is_none());
    }
}
