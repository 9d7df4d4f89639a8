//! Every bad input a user can cause, as a fixture site with the exact diagnostics expected
//! beside it (`tests/fixtures/error-*/expected-stderr.txt`). The build must fail with exit
//! status 1, print exactly those lines, and leave the output folder as it was.
//! `UPDATE_EXPECTED=1 cargo test --test error_fixtures` rewrites the expectations (review the diff).

mod common;
use common::*;

fn check(case: &str) {
    let site = site_copy(case);
    let out = site.path().join("public");
    let result = build(site.path(), &out, &[]);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    let expected_file = fixture(case).join("expected-stderr.txt");
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::write(&expected_file, &stderr).unwrap();
    }
    assert_eq!(result.status.code(), Some(1), "{case}: exit status; stderr:\n{stderr}");
    assert_eq!(stderr, read(&expected_file), "{case}: diagnostics differ");
    assert!(!out.exists(), "{case}: a failed build must not create the output folder");
}

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check(&stringify!($name).replace('_', "-"));
            }
        )*
    };
}

cases!(
    error_yaml_tab,
    error_yaml_unclosed_quote,
    error_frontmatter_unclosed,
    error_empty_title,
    error_no_title,
    error_invalid_utf8,
    error_config_unknown_key,
    error_config_duplicate_locale,
    error_unknown_locale_folder,
    error_many,
    error_url_collision,
    error_template_syntax,
);
