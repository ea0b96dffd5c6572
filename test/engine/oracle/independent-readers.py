#!/usr/bin/env python3
# Independent readers for the renderings: expat (with namespaces, as strict XML tools read) says whether an XML
# document is well-formed, and PyYAML (a YAML 1.1 reader) says what a YAML document reads back as. Reads a JSON
# array of {"xml": text} or {"yaml": text} on stdin; prints a JSON array of {"error": text or null, "value": ...}
# where YAML values are tagged by type, so a timestamp or a boolean can never pass for a string.
import datetime
import json
import sys
import xml.parsers.expat

import yaml


def tagged(value):
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, (datetime.date, datetime.datetime)):
        return {"timestamp": value.isoformat()}
    if value is None:
        return {"null": None}
    if isinstance(value, bytes):
        return {"binary": value.hex()}
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return [tagged(v) for v in value]
    if isinstance(value, dict):
        return {"map": [[tagged(k), tagged(v)] for k, v in value.items()]}
    return {"other": type(value).__name__}


out = []
for item in json.load(sys.stdin):
    if "xml" in item:
        parser = xml.parsers.expat.ParserCreate(encoding="UTF-8", namespace_separator=" ")
        try:
            parser.Parse(item["xml"].encode("utf-8"), True)
            out.append({"error": None})
        except xml.parsers.expat.ExpatError as error:
            out.append({"error": str(error)})
    else:
        try:
            out.append({"error": None, "value": tagged(yaml.safe_load(item["yaml"]))})
        except yaml.YAMLError as error:
            out.append({"error": str(error).splitlines()[0]})
json.dump(out, sys.stdout)
