"""Asking the Modern.Gov-compatible web service over HTTP GET and reading its XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # our own responses, parsed as a client would


def parse_xml(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314 - our own server's response, no DTD


def get(client, op: str, **params) -> ET.Element:
    response = client.get(f"/mgWebService.asmx/{op}", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/xml")
    root = parse_xml(response.content)
    for element in root.iter():
        assert element.tag == element.tag.lower() or element.tag == "restrictionsRef", element.tag
    return root
