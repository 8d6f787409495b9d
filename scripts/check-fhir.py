#!/usr/bin/env python3
"""Independent check of FHIR R5 JSON resources with PyPI's fhir.resources (pip install fhir.resources==8.3.0).

Usage: scripts/check-fhir.py FILE...    (FILE may be - for standard input)

Each FILE holds one FHIR R5 resource in JSON. The script looks up the fhir.resources
model for its resourceType and validates it (element names, cardinalities, required
elements, primitive formats; a Bundle's entries and contained resources are validated
with their own models). Checks fhir.resources does not make are added:

- the required-binding code lists Suture uses (SupplyDelivery.status,
  SupplyRequest.status and priority, InventoryReport.status and countType,
  InventoryItem.status, OperationOutcome.issue.severity and code,
  CapabilityStatement.status, kind and fhirVersion 5.0.0, Bundle.type), in the resource
  itself and in every contained[] resource and Bundle entry[].resource,
  entry[].response.outcome and issues;
- the JSON type of primitive values: decimal and integer elements must be JSON numbers,
  boolean elements JSON booleans, every other primitive (integer64 included) a JSON
  string; fhir.resources would accept "10" for a decimal or "true" for a boolean;
- the FHIR JSON rules fhir.resources lets pass: no null outside arrays of primitive
  values, no empty object or array, no property name twice in one object.

Prints one line per file, "OK <file> <resourceType>", or one line per error,
"FAIL <file>: <where>: <message>". Exits 1 if any file failed, 0 otherwise, and 2 on a
usage error or when fhir.resources is not installed.
"""
import decimal
import json
import sys
import types
import typing

try:
    import pydantic
    from fhir.resources import get_fhir_model_class
    from fhir.resources.resource import Resource
except ImportError:
    print("fhir.resources is not installed: pip install fhir.resources==8.3.0", file=sys.stderr)
    sys.exit(2)

# Required bindings of FHIR R5 (5.0.0) for the resources Suture reads and writes.
OPERATION_OUTCOME_ISSUE_TYPES = {
    "invalid", "structure", "required", "value", "invariant", "security", "login", "unknown",
    "expired", "forbidden", "suppressed", "processing", "not-supported", "duplicate",
    "multiple-matches", "not-found", "deleted", "too-long", "code-invalid", "extension",
    "too-costly", "business-rule", "conflict", "limited-filter", "transient", "lock-error",
    "no-store", "exception", "timeout", "incomplete", "throttled", "informational", "success",
}
CODE_LISTS = {
    "SupplyDelivery": [
        ("status", {"in-progress", "completed", "abandoned", "entered-in-error"}),
    ],
    "SupplyRequest": [
        ("status", {"draft", "active", "suspended", "cancelled", "completed", "entered-in-error", "unknown"}),
        ("priority", {"routine", "urgent", "asap", "stat"}),
    ],
    "InventoryReport": [
        ("status", {"draft", "requested", "active", "entered-in-error"}),
        ("countType", {"snapshot", "difference"}),
    ],
    "InventoryItem": [
        ("status", {"active", "inactive", "entered-in-error", "unknown"}),
    ],
    "OperationOutcome": [
        ("issue[].severity", {"fatal", "error", "warning", "information"}),
        ("issue[].code", OPERATION_OUTCOME_ISSUE_TYPES),
    ],
    "CapabilityStatement": [
        ("status", {"draft", "active", "retired", "unknown"}),
        ("kind", {"instance", "capability", "requirements"}),
        ("fhirVersion", {"5.0.0"}),
    ],
    "Bundle": [
        ("type", {
            "document", "message", "transaction", "transaction-response", "batch", "batch-response",
            "history", "searchset", "collection", "subscription-notification",
        }),
    ],
}

ABSTRACT_RESOURCES = {"Resource", "DomainResource", "CanonicalResource", "MetadataResource"}
NUMBER_PRIMITIVES = {"Decimal", "Integer", "PositiveInt", "UnsignedInt"}


class DuplicateKey(ValueError):
    pass


def _object_without_duplicates(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKey(f"property {key!r} appears twice in one object")
        result[key] = value
    return result


def load(path):
    """Returns the parsed JSON of path ('-' is standard input); raises ValueError/OSError."""
    if path == "-":
        text = sys.stdin.read()
    else:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    return json.loads(text, parse_float=decimal.Decimal, object_pairs_hook=_object_without_duplicates)


def model_for(resource_type):
    """The fhir.resources (R5) model class for resource_type, or None when there is none."""
    if not isinstance(resource_type, str) or not resource_type[:1].isupper() or resource_type in ABSTRACT_RESOURCES:
        return None
    try:
        model = get_fhir_model_class(resource_type)
    except (ValueError, KeyError):
        return None
    # get_fhir_model_class also answers for data types (Quantity...), which are not resources.
    return model if issubclass(model, Resource) and model.get_resource_type() == resource_type else None


def join(where, name):
    return f"{where}.{name}" if where else name


def format_loc(where, loc):
    text = where
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text = join(text, str(part))
    return text or "(resource)"


def compact(value, limit=60):
    text = repr(value) if not isinstance(value, (dict, list)) else json.dumps(value, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def model_errors(model, resource, where):
    """Validates resource with its fhir.resources model; returns ["where: message", ...]."""
    try:
        model.model_validate(resource)
    except pydantic.ValidationError as exc:
        errors = []
        for error in exc.errors(include_url=False):
            message = " ".join(str(error.get("msg", "")).split())
            if not error.get("type", "").endswith("missing") and not isinstance(error.get("input"), (dict, list)):
                message += f" (got {compact(error.get('input'))})"
            errors.append(f"{format_loc(where, error.get('loc', ()))}: {message}")
        return errors
    except Exception as exc:  # fhir.resources raises KeyError etc. on unknown nested resourceTypes
        return [f"{where or '(resource)'}: fhir.resources could not validate it: {type(exc).__name__}: {exc}"]
    return []


def unwrap(annotation):
    """Returns (is_list, inner annotation) with Optional/Union-with-None and List removed."""
    is_list = False
    while True:
        origin = typing.get_origin(annotation)
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if origin in (typing.Union, types.UnionType):
            if len(args) != 1:
                return is_list, None
            annotation = args[0]
        elif origin in (list, typing.List):
            is_list = True
            annotation = args[0] if args else None
        else:
            return is_list, annotation


def primitive_kind(annotation):
    """'number', 'boolean', 'string' for a FHIR primitive annotation, else None."""
    if annotation is bool:
        return "boolean"
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in typing.get_args(annotation)[1:]:
            if type(meta).__module__.startswith("fhir_core"):
                return "number" if type(meta).__name__ in NUMBER_PRIMITIVES else "string"
    return None


def json_type_errors(model, data, where):
    """Checks the JSON types of primitive values in data (an object of model) and its children."""
    errors = []
    fields = {}
    for name, field in model.model_fields.items():
        fields[field.alias or name] = field
    for key, value in data.items():
        field = fields.get(key)
        if field is None or key == "resourceType":
            continue  # unknown elements are the model's to report
        if value is None or value == [] or value == {}:
            errors.append(f"{join(where, key)}: {compact(value)} is not allowed in FHIR JSON (leave the element out)")
            continue
        is_list, annotation = unwrap(field.annotation)
        values = value if (is_list and isinstance(value, list)) else [value]
        if is_list != isinstance(value, list):
            continue  # wrong cardinality: the model reports it
        kind = primitive_kind(annotation)
        for index, item in enumerate(values):
            here = join(where, key) + (f"[{index}]" if is_list else "")
            if item is None:
                continue  # in a primitive array (paired with an _element entry); elsewhere the model reports it
            if item == {}:
                errors.append(f"{here}: {{}} is not allowed in FHIR JSON (leave the element out)")
            elif kind == "number":
                if isinstance(item, bool) or not isinstance(item, (int, decimal.Decimal, float)):
                    errors.append(f"{here}: must be a JSON number, got {compact(item)}")
            elif kind == "boolean":
                if not isinstance(item, bool):
                    errors.append(f"{here}: must be a JSON boolean, got {compact(item)}")
            elif kind == "string":
                if not isinstance(item, str):
                    errors.append(f"{here}: must be a JSON string, got {compact(item)}")
            elif isinstance(item, dict) and hasattr(annotation, "get_model_klass"):
                if annotation.__name__ == "ResourceType":
                    nested = model_for(item.get("resourceType"))
                    if nested is None:
                        errors.append(f"{here}: unknown or missing resourceType {compact(item.get('resourceType'))}")
                        continue
                else:
                    nested = annotation.get_model_klass()
                errors.extend(json_type_errors(nested, item, here))
    return errors


def values_at(resource, path, where):
    """Yields (where, value) for the values at path ('issue[].code' walks the issue array)."""
    head, _, rest = path.partition(".")
    if head.endswith("[]"):
        name = head[:-2]
        items = resource.get(name)
        if isinstance(items, list):
            for index, item in enumerate(items):
                if isinstance(item, dict) and rest:
                    yield from values_at(item, rest, f"{join(where, name)}[{index}]")
    elif rest:
        child = resource.get(head)
        if isinstance(child, dict):
            yield from values_at(child, rest, join(where, head))
    elif head in resource:
        yield join(where, head), resource[head]


def code_errors(resource, where):
    """Checks Suture's required-binding code lists in resource (not the resources inside it)."""
    errors = []
    for path, allowed in CODE_LISTS.get(resource.get("resourceType"), []):
        for here, value in values_at(resource, path, where):
            if value is not None and value not in allowed:  # null is json_type_errors' to report
                errors.append(f"{here}: {compact(value)} is not one of {' | '.join(sorted(allowed))}")
    return errors


# Stand-ins for the resources split() takes out, valid for any model that holds a resource.
PLACEHOLDER = {"resourceType": "Basic", "code": {"text": "checked on its own"}}
PLACEHOLDER_OUTCOME = {"resourceType": "OperationOutcome", "issue": [{"severity": "information", "code": "informational"}]}


def split(resource, where):
    """Returns (resource with its inner resources replaced by stand-ins, [(where, inner resource)...]).

    Inner resources are contained[], and in a Bundle entry[].resource,
    entry[].response.outcome and issues; each is checked on its own with its own model, so
    that one bad entry neither hides nor duplicates the errors of the others.
    """
    shell = dict(resource)
    inner = []
    contained = resource.get("contained")
    if isinstance(contained, list) and contained and all(isinstance(item, dict) for item in contained):
        shell["contained"] = [PLACEHOLDER] * len(contained)
        inner += [(f"{join(where, 'contained')}[{index}]", item) for index, item in enumerate(contained)]
    if resource.get("resourceType") != "Bundle":
        return shell, inner
    if isinstance(resource.get("issues"), dict):
        shell["issues"] = PLACEHOLDER_OUTCOME
        inner.append((join(where, "issues"), resource["issues"]))
    entries = resource.get("entry")
    if isinstance(entries, list):
        shell["entry"] = []
        for index, entry in enumerate(entries):
            here = f"{join(where, 'entry')}[{index}]"
            if isinstance(entry, dict):
                entry = dict(entry)
                if isinstance(entry.get("resource"), dict):
                    inner.append((f"{here}.resource", entry["resource"]))
                    entry["resource"] = PLACEHOLDER
                response = entry.get("response")
                if isinstance(response, dict) and isinstance(response.get("outcome"), dict):
                    inner.append((f"{here}.response.outcome", response["outcome"]))
                    entry["response"] = {**response, "outcome": PLACEHOLDER_OUTCOME}
            shell["entry"].append(entry)
    return shell, inner


def check(resource, where=""):
    """Returns (resourceType, [error...]) for one parsed JSON resource and the resources inside it."""
    if not isinstance(resource, dict):
        return None, [f"{where or '(document)'}: a FHIR resource is a JSON object, got {type(resource).__name__}"]
    resource_type = resource.get("resourceType")
    model = model_for(resource_type)
    if model is None:
        return resource_type, [
            f"{join(where, 'resourceType')}: unknown or missing FHIR R5 resource type {compact(resource_type)}"
        ]
    shell, inner = split(resource, where)
    errors = model_errors(model, shell, where) + json_type_errors(model, shell, where) + code_errors(shell, where)
    for here, child in inner:
        errors += check(child, here)[1]
    return resource_type, errors


def main(paths):
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        try:
            resource_type, errors = check(load(path))
        except OSError as exc:
            resource_type, errors = None, [f"(document): cannot read it: {exc}"]
        except ValueError as exc:  # JSONDecodeError, DuplicateKey, UnicodeDecodeError
            resource_type, errors = None, [f"(document): not readable JSON: {exc}"]
        if errors:
            failed = True
            for error in errors:
                print(f"FAIL {path}: {error}")
        else:
            print(f"OK {path} {resource_type}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
