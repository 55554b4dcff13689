"""JSON export of the model (dataclasses become objects, in field order)."""
import dataclasses
import json


def plain(x):
    """The model as JSON's types (mm export writes this; mm serve sends it)."""
    if dataclasses.is_dataclass(x):
        return {f.name: plain(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if isinstance(x, (list, tuple)):
        return [plain(v) for v in x]
    if isinstance(x, dict):
        return {str(k): plain(v) for k, v in x.items()}
    return x


def export(state):
    return json.dumps(plain(state), indent=1) + "\n"
