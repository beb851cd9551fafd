"""The evidence service: files kept as received, encrypted, hashed, with a custody log.

DESIGN.md §4, "Evidence"; docs/security.md, "Evidence". Apps attach files to
their own records with ``services.evidence_store(file=..., owner=..., by=...)``
and hand them out with ``services.evidence_download_response``. Modules:

* ``models``: ``EvidenceFile`` and ``CustodyEvent`` (registered with ``core``);
* ``services``: store, open, download, delete, verify;
* ``selectors``: the files of an owner, the custody trail;
* ``sniffing``: the type of a file by its bytes, and the allow-list;
* ``sanitise``: metadata-free working copies of images;
* ``cipher`` and ``storage``: chunked AES-GCM blobs in the evidence storage.
"""
