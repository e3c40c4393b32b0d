//! Keeps sources out of private address space unless they ask for it.
//!
//! A homepage that redirects to `http://169.254.169.254/` (a cloud's
//! metadata service), `http://127.0.0.1:<port>/` or `localhost`, or whose
//! host name resolves to such an address, would otherwise have that
//! internal page fetched and published. So, by default, a source reaches
//! loopback, private (RFC 1918, ULA), link-local, CGNAT and unspecified
//! addresses only if its configured URL names one literally (a loopback
//! name also allows the rest of loopback, so a local test server may
//! redirect between ports), or the source sets `allow_private = true`.
//!
//! Two checks, both before any connection is made: the redirect policy
//! judges each redirect's target against the URL the chain started from
//! ([`redirect_allowed`]), and the resolver judges every address a host
//! name resolves to, at connect time ([`GuardedResolver`]), so DNS
//! rebinding (public at check time, private at connect time) gets nowhere:
//! there is no separate check time.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// A request refused because it would reach private address space.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "refused to fetch {what}: it is in private address space ({addr}); \
     set `allow_private = true` on the source to allow it"
)]
pub struct PrivateAddress {
    /// The host (and, for a redirect, the URL) that was refused.
    pub what: String,
    /// The private address it resolved to.
    pub addr: String,
}

/// Whether `ip` is outside the public internet: loopback, private
/// (RFC 1918, ULA), link-local, CGNAT (100.64/10), unspecified or
/// "this network" (0/8), broadcast and multicast, and IPv4 mapped or
/// embedded in IPv6.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_private_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private_v4(v4);
            }
            let seg = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (seg[0] & 0xfe00) == 0xfc00 // ULA fc00::/7
                || (seg[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
                // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks)
                || (seg[..6] == [0; 6] && is_private_v4(Ipv4Addr::from(
                    (u32::from(seg[6]) << 16) | u32::from(seg[7]),
                )))
        }
    }
}

fn is_private_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // CGNAT 100.64/10
}

fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

fn is_localhost_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost")
}

/// What private space a request chain starting at `origin` may reach: the
/// address its URL names literally, or all of loopback when that is a
/// loopback address or `localhost`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    Nothing,
    Loopback,
    Address(IpAddr),
}

fn named(origin: &Url) -> Named {
    match origin.host() {
        Some(Host::Ipv4(ip)) => named_ip(IpAddr::V4(ip)),
        Some(Host::Ipv6(ip)) => named_ip(IpAddr::V6(ip)),
        Some(Host::Domain(d)) if is_localhost_name(d) => Named::Loopback,
        _ => Named::Nothing,
    }
}

fn named_ip(ip: IpAddr) -> Named {
    if is_loopback(ip) {
        Named::Loopback
    } else if is_private(ip) {
        Named::Address(ip)
    } else {
        Named::Nothing
    }
}

fn permits(named: Named, ip: IpAddr) -> bool {
    !is_private(ip)
        || match named {
            Named::Nothing => false,
            Named::Loopback => is_loopback(ip),
            Named::Address(a) => a == ip,
        }
}

/// Whether a redirect from the chain that started at `origin` may go to
/// `next`. Host names are judged here only when they name loopback
/// (`localhost`); any other name is judged by the resolver when connecting.
pub fn redirect_allowed(origin: &Url, next: &Url) -> Result<(), PrivateAddress> {
    let n = named(origin);
    let refuse = |addr: String| PrivateAddress {
        what: format!("the redirect to {}", crate::model::without_userinfo(next)),
        addr,
    };
    match next.host() {
        Some(Host::Ipv4(ip)) if !permits(n, IpAddr::V4(ip)) => Err(refuse(ip.to_string())),
        Some(Host::Ipv6(ip)) if !permits(n, IpAddr::V6(ip)) => Err(refuse(ip.to_string())),
        Some(Host::Domain(d)) if is_localhost_name(d) && n != Named::Loopback => {
            Err(refuse(d.to_string()))
        }
        _ => Ok(()),
    }
}

/// Resolves host names (fixed mappings first, then the system resolver).
/// When guarded, it refuses any name that resolves into private address
/// space, except `localhost`, which may resolve to loopback only; it runs
/// when reqwest connects, for the first request and every redirect alike.
/// Open (no checks) for sources that set `allow_private`.
pub struct GuardedResolver {
    hosts: HashMap<String, Vec<IpAddr>>,
    guarded: bool,
}

impl GuardedResolver {
    /// `hosts`: fixed name -> address mappings, consulted before DNS and
    /// checked like DNS answers (as curl's `--resolve`).
    pub fn new(hosts: &[(String, IpAddr)]) -> Arc<Self> {
        Self::build(hosts, true)
    }

    /// The same mappings, with no check of where names lead.
    pub fn open(hosts: &[(String, IpAddr)]) -> Arc<Self> {
        Self::build(hosts, false)
    }

    fn build(hosts: &[(String, IpAddr)], guarded: bool) -> Arc<Self> {
        let mut map: HashMap<String, Vec<IpAddr>> = HashMap::new();
        for (name, ip) in hosts {
            map.entry(name.to_ascii_lowercase()).or_default().push(*ip);
        }
        Arc::new(GuardedResolver {
            hosts: map,
            guarded,
        })
    }
}

/// Judges the addresses `name` resolved to; see [`GuardedResolver`].
pub fn check_resolved(name: &str, addrs: &[IpAddr]) -> Result<(), PrivateAddress> {
    let localhost = is_localhost_name(name);
    match addrs.iter().find(|ip| {
        if localhost {
            !is_loopback(**ip)
        } else {
            is_private(**ip)
        }
    }) {
        Some(ip) => Err(PrivateAddress {
            what: format!("host {name}, which resolves to {ip}"),
            addr: ip.to_string(),
        }),
        None => Ok(()),
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let name = name.as_str().to_ascii_lowercase();
        let fixed = self.hosts.get(&name).cloned();
        let guarded = self.guarded;
        Box::pin(async move {
            let ips: Vec<IpAddr> = match fixed {
                Some(ips) => ips,
                None => tokio::net::lookup_host((name.as_str(), 0))
                    .await?
                    .map(|a| a.ip())
                    .collect(),
            };
            if guarded {
                check_resolved(&name, &ips)?;
            }
            let addrs: Addrs = Box::new(ips.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn private_space_is_recognised() {
        for p in [
            "127.0.0.1",
            "127.9.9.9",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.255",
            "0.0.0.0",
            "0.1.2.3",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::10.0.0.1",
        ] {
            assert!(is_private(ip(p)), "{p}");
        }
        for p in [
            "1.1.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "192.169.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(!is_private(ip(p)), "{p}");
        }
    }

    #[test]
    fn redirects_reach_only_what_the_source_named() {
        let u = |s: &str| Url::parse(s).unwrap();
        let public = u("https://ada.example/");
        for next in [
            "http://169.254.169.254/latest/meta-data/",
            "http://127.0.0.1:8080/",
            "http://[::1]/",
            "http://localhost/",
            "http://LOCALHOST./",
            "http://10.0.0.1/",
            "http://[fd00::1]/",
            "http://100.64.0.1/",
            "http://0.0.0.0/",
            "http://[::ffff:127.0.0.1]/",
        ] {
            assert!(redirect_allowed(&public, &u(next)).is_err(), "{next}");
        }
        assert!(redirect_allowed(&public, &u("https://other.example/")).is_ok());
        // A source on loopback may move around loopback, not elsewhere.
        let local = u("http://127.0.0.1:8000/");
        assert!(redirect_allowed(&local, &u("http://127.0.0.1:9000/")).is_ok());
        assert!(redirect_allowed(&local, &u("http://localhost:9000/")).is_ok());
        assert!(redirect_allowed(&local, &u("http://[::1]:9000/")).is_ok());
        assert!(redirect_allowed(&local, &u("http://169.254.169.254/")).is_err());
        assert!(redirect_allowed(&local, &u("http://192.168.0.1/")).is_err());
        // A source on one private address may stay on it.
        let lan = u("http://192.168.0.5/");
        assert!(redirect_allowed(&lan, &u("http://192.168.0.5:81/x")).is_ok());
        assert!(redirect_allowed(&lan, &u("http://192.168.0.6/")).is_err());
        assert!(redirect_allowed(&lan, &u("http://127.0.0.1/")).is_err());
    }

    #[test]
    fn resolved_addresses_are_judged() {
        assert!(check_resolved("ada.example", &[ip("93.184.215.14")]).is_ok());
        assert!(check_resolved("ada.example", &[ip("93.184.215.14"), ip("10.0.0.1")]).is_err());
        assert!(check_resolved("rebind.example", &[ip("127.0.0.1")]).is_err());
        assert!(check_resolved("localhost", &[ip("127.0.0.1"), ip("::1")]).is_ok());
        assert!(check_resolved("localhost", &[ip("10.0.0.1")]).is_err());
    }
}
