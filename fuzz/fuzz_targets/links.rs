#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| guidebook_fuzz::links(data));
