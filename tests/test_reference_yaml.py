"""The reference tables load through libyaml's safe loader: same objects, still safe."""

from pathlib import Path

import pytest
import yaml

from extractors import reference

DATA = Path(reference.__file__).parent / "data"


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.yaml")), ids=lambda p: p.name)
def test_each_table_loads_as_safe_load_reads_it(path):
    text = path.read_text(encoding="utf-8")
    assert reference.load_yaml(text) == yaml.safe_load(text)


def test_python_tags_are_refused():
    with pytest.raises(yaml.YAMLError):
        reference.load_yaml("!!python/object/apply:os.system ['true']")
