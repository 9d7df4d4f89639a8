# 기본 테마의 `[[versions]]` UI 문자열, 한국어.

# 버전 전환기의 이름
version = 버전
# 보관된 버전의 레이블 뒤에 표시
version-archived = 보관됨
# 최신이 아닌 버전의 모든 페이지에 표시. $version은 그 버전의 레이블
version-banner = { $version } 문서를 보고 있습니다.
version-banner-archived = 더 이상 유지 관리되지 않는 { $version } 문서를 보고 있습니다.
# 최신 버전의 같은 페이지로 가는 링크
version-banner-latest = 최신 버전으로 이동
