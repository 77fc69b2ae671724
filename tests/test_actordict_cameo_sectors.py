"""Specification of the CAMEO agent codes that become detente sectors on import."""

from detente.actordict import import_cameo_agents


def test_religious_agents_keep_their_sector(tmp_path):
    path = tmp_path / "test.agents.txt"
    path.write_text("PREACHER [~REL]\nBISHOP {} [~REL]\n", encoding="utf-8")
    warnings: list[str] = []
    assert import_cameo_agents(path, warnings) == {"REL": ["preacher", "bishop"]}
    assert warnings == []
