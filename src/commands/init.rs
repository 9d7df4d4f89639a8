//! `guidebook init`: a new bilingual site that builds with the embedded theme alone.

use std::io;
use std::path::Path;

const SITE_TOML: &str = r#"title = "My Guide"
base_url = "/"
default_locale = "en-us"
theme = "default"

[[locales]]
code = "en-us"
name = "English"

[[locales]]
code = "ko-kr"
name = "한국어"
"#;

const EN_INDEX: &str = r#"---
title: Welcome
description: Start here.
---
# Welcome

This site was made with `guidebook init`. Edit `content/en-us/index.md` and run
`guidebook serve` to see your changes.

- [Getting started](./getting-started.md)
"#;

const EN_START: &str = r#"---
title: Getting started
order: 1
---
# Getting started

Write pages as markdown under `content/<locale>/`. The same path in `content/ko-kr/` is the
Korean translation of a page.

> [!TIP]
> Link pages with relative links such as `[Welcome](./index.md)`.
"#;

const KO_INDEX: &str = r#"---
title: 환영합니다
description: 여기에서 시작하세요.
---
# 환영합니다

이 사이트는 `guidebook init`으로 만들었습니다. `content/ko-kr/index.md`를 고치고
`guidebook serve`를 실행하면 바뀐 내용을 볼 수 있습니다.

- [시작하기](./getting-started.md)
"#;

/// Creates a site in `dir`. Refuses to touch a folder that already has a site or content.
pub fn init(dir: &Path) -> io::Result<()> {
    for existing in ["site.toml", "content"] {
        if dir.join(existing).exists() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} already has {existing}; guidebook init never overwrites a site", dir.display()),
            ));
        }
    }
    std::fs::create_dir_all(dir.join("content/en-us"))?;
    std::fs::create_dir_all(dir.join("content/ko-kr"))?;
    std::fs::write(dir.join("site.toml"), SITE_TOML)?;
    std::fs::write(dir.join("content/en-us/index.md"), EN_INDEX)?;
    std::fs::write(dir.join("content/en-us/getting-started.md"), EN_START)?;
    std::fs::write(dir.join("content/ko-kr/index.md"), KO_INDEX)?;
    // The output, and the lock and staging folders a build keeps beside it.
    std::fs::write(dir.join(".gitignore"), "public/\n.public.guidebook-*\n")?;
    Ok(())
}
