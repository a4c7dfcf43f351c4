//! The machine, recorded well enough to tell two reports apart: the CPU's vendor, family,
//! model, stepping and name, its clock, its L2 and L3 caches, the kernel, the frequency
//! governor where the system shows one, and the load average at the start and at the end of
//! the run. Everything is read from `/proc` and `/sys`; what cannot be read stays empty.

use serde::{Deserialize, Serialize};

/// What the machine was, and how busy, while the suite ran.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    /// e.g. `AuthenticAMD`.
    pub vendor: String,
    pub family: String,
    pub model: String,
    pub stepping: String,
    /// e.g. `AMD EPYC 7B13` (a virtual machine may show less).
    pub model_name: String,
    /// The clock of the first CPU as `/proc/cpuinfo` gives it, in MHz.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mhz: Option<f64>,
    /// The L2 and L3 caches of the first CPU, in KiB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub l2_kib: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub l3_kib: Option<u64>,
    /// The kernel release.
    pub kernel: String,
    /// The CPU frequency governor (`performance`, `powersave`, …), where readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub governor: Option<String>,
    /// The 1, 5 and 15 minute load averages when the run started and when it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_start: Option<[f64; 3]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_end: Option<[f64; 3]>,
}

/// Describes this machine now (with the load average as `load_start`).
pub fn collect() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let field = |name: &str| -> String {
        cpuinfo
            .lines()
            .take_while(|l| !l.trim().is_empty())
            .find(|l| l.split(':').next().is_some_and(|k| k.trim() == name))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    Machine {
        vendor: field("vendor_id"),
        family: field("cpu family"),
        model: field("model"),
        stepping: field("stepping"),
        model_name: field("model name"),
        mhz: field("cpu MHz").parse().ok(),
        l2_kib: cache_kib(2),
        l3_kib: cache_kib(3),
        kernel: read_trimmed("/proc/sys/kernel/osrelease").unwrap_or_default(),
        governor: read_trimmed("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"),
        load_start: load_average(),
        load_end: None,
    }
}

fn read_trimmed(path: &str) -> Option<String> {
    std::fs::read_to_string(path)
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// The size of the first CPU's unified cache of `level`, in KiB.
fn cache_kib(level: u32) -> Option<u64> {
    (0..8).find_map(|index| {
        let dir = format!("/sys/devices/system/cpu/cpu0/cache/index{index}");
        let at = |name: &str| read_trimmed(&format!("{dir}/{name}"));
        if at("level")?.parse::<u32>().ok()? != level || at("type")? == "Instruction" {
            return None;
        }
        parse_size_kib(&at("size")?)
    })
}

/// `1024K`, `32M` or `512` (bytes) as KiB.
fn parse_size_kib(size: &str) -> Option<u64> {
    let (digits, unit) = size.split_at(
        size.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(size.len()),
    );
    let n: u64 = digits.parse().ok()?;
    match unit.trim() {
        "K" | "KB" | "KiB" => Some(n),
        "M" | "MB" | "MiB" => Some(n * 1024),
        "" => Some(n / 1024),
        _ => None,
    }
}

/// The 1, 5 and 15 minute load averages now.
pub fn load_average() -> Option<[f64; 3]> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    let mut numbers = text.split_whitespace().map(|n| n.parse::<f64>().ok());
    Some([numbers.next()??, numbers.next()??, numbers.next()??])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_sizes_read_as_kib() {
        assert_eq!(parse_size_kib("1024K"), Some(1024));
        assert_eq!(parse_size_kib("32M"), Some(32768));
        assert_eq!(parse_size_kib("65536"), Some(64));
        assert_eq!(parse_size_kib("lots"), None);
    }

    #[test]
    fn this_machine_describes_itself() {
        let m = collect();
        // Linux always has a kernel release and a load average.
        assert!(!m.kernel.is_empty());
        assert!(m.load_start.is_some_and(|l| l.iter().all(|x| *x >= 0.0)));
    }
}
