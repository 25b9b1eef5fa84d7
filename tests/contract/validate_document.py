#!/usr/bin/env python3
"""Validate an OpenAPI 3.1 document strictly (openapi-spec-validator): its shape, every `$ref`
resolving, every schema a valid JSON Schema 2020-12. Prints each error; exits 1 if there is any."""

import json
import sys

from openapi_spec_validator import OpenAPIV31SpecValidator


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        document = json.load(f)
    errors = list(OpenAPIV31SpecValidator(document).iter_errors())
    for error in errors:
        print(f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}")
    print(f"openapi-spec-validator: {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
