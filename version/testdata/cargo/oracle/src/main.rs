// Reads lines "cmp<TAB>a<TAB>b" or "req<TAB>req<TAB>v" on stdin and prints
// the semver crate's answer: -1/0/1, true/false, or "err<TAB>message".
// A tab inside a field is written \t.
use semver::{Version, VersionReq};
use std::io::{self, BufRead, Write};

fn main() {
    let stdin = io::stdin();
    let mut out = io::BufWriter::new(io::stdout());
    for line in stdin.lock().lines() {
        let line = line.unwrap();
        let f: Vec<String> = line.split('\t').map(|s| s.replace("\\t", "\t")).collect();
        let f: Vec<&str> = f.iter().map(|s| s.as_str()).collect();
        let res = match f[0] {
            "cmp" => match (Version::parse(f[1]), Version::parse(f[2])) {
                (Ok(a), Ok(b)) => format!("{}", a.cmp(&b) as i8),
                (Err(e), _) => format!("err\ta\t{}", e),
                (_, Err(e)) => format!("err\tb\t{}", e),
            },
            "req" => match VersionReq::parse(f[1]) {
                Err(e) => format!("err\treq\t{}", e),
                Ok(r) => match Version::parse(f[2]) {
                    Err(e) => format!("err\tv\t{}", e),
                    Ok(v) => format!("{}", r.matches(&v)),
                },
            },
            _ => "bad".to_string(),
        };
        writeln!(out, "{}", res).unwrap();
    }
}
