from importer.fixtures_io import (
    committed_fixtures,
    fixture_path,
    fixture_text,
    outline_fixture,
    seed_documents,
)


def test_every_plan_document_has_a_committed_fixture():
    documents = seed_documents()
    assert len(documents) == 5
    assert {path.stem for path in documents} == {
        fixture_path(f["source_file"]).stem for _path, f in committed_fixtures()
    }


def test_fixtures_regenerate_from_the_documents_without_any_difference():
    for path in seed_documents():
        committed = fixture_path(path.name).read_text(encoding="utf-8")
        assert fixture_text(outline_fixture(path=path)) == committed, f"{path.name}: run `make fixtures`"
