//! Who a request comes from, for the attempt limits and the logs: the connection's peer, or,
//! when that peer is a proxy named in `TRUSTED_PROXIES`, the address the proxies recorded in
//! `X-Forwarded-For`. A header from anyone else is ignored, so a client cannot pick the address
//! its attempts are counted under.

use std::net::IpAddr;

use actix_web::HttpRequest;
use actix_web::web;

/// The proxies whose `X-Forwarded-For` is believed: addresses and CIDR ranges.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// Reads `10.0.0.1, 10.1.0.0/16, ::1`; an entry that is neither is refused with its text.
    pub fn parse(entries: &[String]) -> Result<Self, String> {
        let mut ranges = Vec::new();
        for entry in entries.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
            let (address, bits) = entry.split_once('/').unwrap_or((entry, ""));
            let address: IpAddr =
                address.parse().map_err(|_| format!("TRUSTED_PROXIES: {entry:?} is not an address"))?;
            let full = if address.is_ipv4() { 32 } else { 128 };
            let bits = if bits.is_empty() {
                full
            } else {
                bits.parse::<u8>()
                    .ok()
                    .filter(|b| *b <= full)
                    .ok_or(format!("TRUSTED_PROXIES: {entry:?} has a bad prefix"))?
            };
            ranges.push((address, bits));
        }
        Ok(Self(ranges))
    }

    /// Whether `address` is one of the proxies.
    pub fn contains(&self, address: IpAddr) -> bool {
        self.0.iter().any(|(range, bits)| within(address, *range, *bits))
    }
}

fn within(address: IpAddr, range: IpAddr, bits: u8) -> bool {
    let address = match (address, range) {
        (IpAddr::V6(v6), IpAddr::V4(_)) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        _ => address,
    };
    match (address, range) {
        (IpAddr::V4(a), IpAddr::V4(r)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(a) & mask == u32::from(r) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(r)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(a) & mask == u128::from(r) & mask
        }
        _ => false,
    }
}

/// The client's address: the peer's, unless the peer is a trusted proxy; then the right-most
/// address of `X-Forwarded-For` that is not a trusted proxy (the left ones the client may have
/// written itself).
pub fn client_address(request: &HttpRequest) -> String {
    let Some(peer) = request.peer_addr().map(|address| address.ip()) else { return "unknown".into() };
    let trusted = request.app_data::<web::Data<TrustedProxies>>();
    let Some(trusted) = trusted.filter(|trusted| trusted.contains(peer)) else { return peer.to_string() };
    let forwarded: Vec<IpAddr> = request
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|item| item.trim().parse().ok())
        .collect();
    forwarded.into_iter().rev().find(|address| !trusted.contains(*address)).unwrap_or(peer).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_hold_the_addresses_their_prefix_covers() {
        let proxies =
            TrustedProxies::parse(&["10.1.0.0/16".into(), "192.0.2.7".into(), "fd00::/8".into()]).unwrap_or_default();
        let ip = |text: &str| text.parse::<IpAddr>().unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
        assert!(proxies.contains(ip("10.1.200.3")));
        assert!(!proxies.contains(ip("10.2.0.1")));
        assert!(proxies.contains(ip("192.0.2.7")) && !proxies.contains(ip("192.0.2.8")));
        assert!(proxies.contains(ip("::ffff:10.1.0.9")), "an IPv4 peer seen as IPv6");
        assert!(proxies.contains(ip("fd12::1")) && !proxies.contains(ip("fe80::1")));
        assert!(TrustedProxies::parse(&["10.0.0.0/33".into()]).is_err());
        assert!(TrustedProxies::parse(&["proxy.local".into()]).is_err());
    }
}
