# 기본 테마의 UI 문자열, 한국어(대한민국).
# 사이트의 locales/ko-kr/*.ftl 에 같은 키가 있으면 그쪽이 우선합니다.

## 페이지 공통 요소

skip-to-content = 본문으로 건너뛰기
language = 언어
choose-language = 언어 선택
breadcrumbs = 이동 경로
on-this-page = 이 페이지의 내용
page-navigation = 이전 및 다음 페이지
previous = 이전
next = 다음
search = 검색
edit-this-page = 이 페이지 편집
built-with = guidebook으로 만든 사이트입니다

## 페이지 정보
# $date 는 이미 서식이 적용된 날짜입니다(ISO 8601 날짜이면 아래 "date" 메시지로 만듭니다).

last-updated = 마지막 업데이트: { $date }
written-by = 작성자: { $author }

# $year, $month, $day 는 숫자입니다(월은 1~12).
date = { $year }년 { $month }월 { $day }일

## 번역 안내

# 기계 번역된 페이지에 표시되며, 뒤에 원문 링크(read-original)가 붙습니다.
machine-translated-notice = 이 페이지는 기계 번역으로 작성되어 내용이 정확하지 않을 수 있습니다.
# $language: 원문 언어의 이름(예: "English")
read-original = 원문({ $language }) 보기
not-translated-notice = 이 페이지는 아직 번역되지 않아 원문 그대로 보여 드립니다.

## 온보딩과 섹션

before-you-begin = 시작하기 전에
next-steps = 다음 단계
section-pages = 이 섹션의 문서
subsections = 하위 섹션

## 페이지를 찾을 수 없음

page-not-found-title = 페이지를 찾을 수 없습니다
page-not-found-body = 찾으시는 페이지가 없거나 다른 곳으로 옮겨졌습니다. 주소를 확인하시거나 홈에서 다시 찾아 주세요.
go-home = 홈으로 가기

## 문서 알림 상자: > [!NOTE] 등의 제목으로, 엔진이 씁니다.

alert-note = 참고
alert-tip = 팁
alert-important = 중요
alert-warning = 경고
alert-caution = 주의

## More translation notices

outdated-notice = 이 페이지가 번역된 뒤 원문이 바뀌었습니다.
not-translated-label = 아직 번역되지 않음

## Navigation and onboarding paths

site-navigation = 사이트 탐색
menu = 메뉴
step-of = { $m }단계 중 { $n }단계
mark-done = 완료로 표시
step-done = 완료
path-steps = 단계
path-progress = { $total }단계 중 { $done }단계 완료

## Search

search-placeholder = 안내서 검색
search-results-title = 검색 결과
search-no-results = “{ $query }”에 대한 검색 결과가 없습니다.
search-result-count = “{ $query }” 검색 결과 { $count }개
search-needs-script = 검색하려면 JavaScript가 필요하지만 이 브라우저에서는 꺼져 있습니다.
search-in-version = { $version }에서 검색한 결과입니다.
search-other-versions = 다른 버전에서 검색:

## DocFX 확장: 엔진이 페이지에 쓰는 레이블

docfx-video = 동영상
docfx-long-description = 자세한 설명
docfx-pivot = 피벗: { $pivot }
docfx-applies-to = 적용 대상: { $range }
moniker-and-later = { $version } 이상
moniker-and-earlier = { $version } 이하
moniker-later-than = { $version } 초과
moniker-earlier-than = { $version } 미만
moniker-between = { $from } ~ { $to }

## 코드 블록

# 코드 블록을 클립보드에 복사하는 단추와, 복사한 뒤 단추에 나오는 말.
copy-code = 복사
code-copied = 복사됨
# 화면 읽기 프로그램이 읽어 주는 복사 단추의 이름.
copy-code-label = 코드를 클립보드에 복사
