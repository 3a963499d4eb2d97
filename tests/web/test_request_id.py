"""Every response carries a request id, even refusals made before any view or hook runs."""

from __future__ import annotations

from tests.factories import make_partner


def test_an_unknown_embed_key_is_answered_with_the_request_id(client):
    response = client.get("/embed/no-such-key/", headers={"X-Request-ID": "edge-404"})
    assert response.status_code == 404
    assert response.headers["X-Request-ID"] == "edge-404"


def test_a_disabled_partner_is_answered_with_the_request_id(app, client):
    partner = make_partner(enabled=False)
    response = client.get(f"/embed/{partner.embed_key}/", headers={"X-Request-ID": "edge-403"})
    assert response.status_code == 403
    assert response.headers["X-Request-ID"] == "edge-403"


def test_a_forged_embed_token_is_answered_with_a_fresh_request_id(app, client):
    partner = make_partner()
    response = client.get(f"/embed/{partner.embed_key}/?t=forged")
    assert response.status_code == 400
    assert len(response.headers["X-Request-ID"]) == 16
