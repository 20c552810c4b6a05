"""Attack: odd query parameters on the public guide and the report form never give a 500."""

import pytest

ODD = ["", "\x00", "a" * 5000, "../../etc/passwd", "<script>x</script>", "٢٦٣٥", "1e9", "-1", "born\u200b", "ßorn"]
URLS = [
    "/guide/",
    "/guide/hvem/",
    "/guide/akut/",
    "/guide/action-cards/",
    "/guide/bekymring/born/fagperson/",
    "/guide/action-cards/born/bekymring/",
    "/guide/action-cards/born/bekymring.pdf",
    "/underretning/",
    "/underretning/ny/",
    "/underretning/akut/",
]
PARAMS = ["gruppe", "rolle", "vis", "laeser", "postnummer", "akut", "svar", "danger", "lang"]


@pytest.mark.django_db
def test_odd_query_parameters_never_give_a_500(client, ishoj_guide_plan, cards_dir):
    failures = []
    for url in URLS:
        for value in ODD:
            query = dict.fromkeys(PARAMS, value)
            status = client.get(url, query).status_code
            if status >= 500:
                failures.append((url, value[:20], status))
        # The same parameter twice (a list), and every parameter with "vis" set.
        status = client.get(url, {"gruppe": ["born", "voksne"], "rolle": ["fagperson", "x"], "vis": "1"}).status_code
        if status >= 500:
            failures.append((url, "lists", status))
    assert failures == []
