//! A moniker range (`>=powershell-7.2`, `>= aspnetcore-3.1 <= aspnetcore-6.0 || netframework-4.8`)
//! as a reader would say it: "PowerShell 7.2 and later", "ASP.NET Core 3.1 to ASP.NET Core 6.0,
//! .NET Framework 4.8". Products guidebook does not know are shown by their words, capitalised.

use super::{labels::fill, Labels};

/// Product names of common monikers (the part before the version).
const PRODUCTS: [(&str, &str); 16] = [
    ("powershell", "PowerShell"),
    ("azps", "Azure PowerShell"),
    ("azure-cli", "Azure CLI"),
    ("aspnetcore", "ASP.NET Core"),
    ("aspnet", "ASP.NET"),
    ("dotnet", ".NET"),
    ("net", ".NET"),
    ("netcore", ".NET Core"),
    ("netframework", ".NET Framework"),
    ("netstandard", ".NET Standard"),
    ("sql-server", "SQL Server"),
    ("sql-server-ver", "SQL Server"),
    ("windows-server", "Windows Server"),
    ("windows", "Windows"),
    ("vs", "Visual Studio"),
    ("dynamics", "Dynamics"),
];

/// `powershell-7.2` → "PowerShell 7.2".
fn moniker_name(m: &str) -> String {
    // The version is the last `-` part that starts with a digit (`ver15` counts as 15).
    let split = m.rfind('-').filter(|&i| {
        let v = &m[i + 1..];
        let v = v.strip_prefix("ver").unwrap_or(v);
        v.starts_with(|c: char| c.is_ascii_digit())
    });
    let (product, version) = match split {
        Some(i) => (&m[..i], Some(&m[i + 1..])),
        None => (m, None),
    };
    let lower = product.to_ascii_lowercase();
    let name = match PRODUCTS.iter().find(|(k, _)| *k == lower) {
        Some((_, n)) => n.to_string(),
        None => product
            .split('-')
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut c = w.chars();
                c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" "),
    };
    match version {
        Some(v) => format!("{name} {}", v.strip_prefix("ver").unwrap_or(v)),
        None => name,
    }
}

/// The readable form of a whole range.
pub fn readable(range: &str, labels: &Labels) -> String {
    range.split("||").map(|alt| conjunction(alt, labels)).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")
}

/// One `>=a <b` group: its comparisons, which all hold.
fn conjunction(group: &str, labels: &Labels) -> String {
    let mut terms: Vec<(&str, String)> = Vec::new();
    let mut rest = group.trim();
    while !rest.is_empty() {
        let op_len = rest.find(|c: char| !matches!(c, '<' | '>' | '=')).unwrap_or(rest.len());
        let op = &rest[..op_len];
        let after = rest[op_len..].trim_start();
        let end = after.find(char::is_whitespace).unwrap_or(after.len());
        terms.push((op, moniker_name(&after[..end])));
        rest = after[end..].trim_start();
    }
    match terms.as_slice() {
        [(">=", from), ("<=", to)] | [("<=", to), (">=", from)] => fill(&labels.between, &[("from", from), ("to", to)]),
        _ => terms
            .iter()
            .map(|(op, v)| {
                let template = match *op {
                    ">=" => &labels.and_later,
                    "<=" => &labels.and_earlier,
                    ">" => &labels.later_than,
                    "<" => &labels.earlier_than,
                    _ => return v.clone(),
                };
                fill(template, &[("version", v)])
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_as_words() {
        let l = Labels::default();
        assert_eq!(readable(">=powershell-7.2", &l), "PowerShell 7.2 and later");
        assert_eq!(readable("<= powershell-5.1", &l), "PowerShell 5.1 and earlier");
        assert_eq!(readable("powershell-7.4", &l), "PowerShell 7.4");
        assert_eq!(
            readable(">= aspnetcore-3.1 <= aspnetcore-6.0 || netframework-4.8", &l),
            "ASP.NET Core 3.1 to ASP.NET Core 6.0, .NET Framework 4.8"
        );
        assert_eq!(readable("<sql-server-ver16", &l), "earlier than SQL Server 16");
        assert_eq!(readable(">contoso-tools-2.0", &l), "later than Contoso Tools 2.0");
        assert_eq!(readable("azure-dotnet", &l), "Azure Dotnet");
    }
}
