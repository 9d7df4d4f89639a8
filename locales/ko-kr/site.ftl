# 예제 사이트의 UI 문자열: 여기 있는 키는 이 사이트에서만 테마의 같은 키
# (themes/default/locales/ko-kr/theme.ftl)를 대신합니다.
built-with = 파트너 포털 가이드, guidebook으로 만들었습니다
search-placeholder = 파트너 포털 가이드 검색
