"""Interoperability adapters: FHIR R4 in and out of the diary, and a CDS Hooks 2.0 service.

- ``codes``: the code tables (LOINC, UCUM, RxNorm, SNOMED CT subsets) and CDS rules, read
  from ``b12/knowledge`` and checked against the knowledge base.
- ``fhir_read``: FHIR resources (a Bundle or NDJSON) as diary labs, medicines, conditions,
  with a report of what could not be read. Pure.
- ``fhir_import``: that plan written into a profile in one transaction, idempotently.
- ``fhir_export``: a profile as a FHIR R4 Bundle (collection or document).
- ``cds``: the CDS Hooks services (rules, prefetch, JWT authentication of the EHR).

Like every adapter it calls the core and the store; the core never calls it.
"""
