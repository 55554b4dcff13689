"""JSON export of the model (dataclasses become objects, in field order)."""
import dataclasses
import json


def _plain(x):
    if dataclasses.is_dataclass(x):
        return {f.name: _plain(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    return x


def export(state):
    return json.dumps(_plain(state), indent=1) + "\n"
