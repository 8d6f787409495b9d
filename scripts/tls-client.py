"""Calls a hub over HTTPS as the suite's TLSTests need: trusting only the test's CA, with or
without a client certificate.

    python3 scripts/tls-client.py URL CA_FILE [CLIENT_CERT CLIENT_KEY]

Prints one JSON object: the HTTP status, or the error that refused the connection.
"""
import json
import ssl
import sys
import urllib.request

url, ca = sys.argv[1], sys.argv[2]
context = ssl.create_default_context(cafile=ca)
if len(sys.argv) > 4:
    context.load_cert_chain(sys.argv[3], sys.argv[4])
try:
    with urllib.request.urlopen(url, context=context, timeout=10) as answer:
        print(json.dumps({"status": answer.status, "body": answer.read().decode()}))
except urllib.error.HTTPError as error:
    print(json.dumps({"status": error.code}))
except Exception as error:  # noqa: BLE001 - the refusal is what the test looks at
    print(json.dumps({"error": f"{type(error).__name__}: {error}"}))
