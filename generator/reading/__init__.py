"""Step 1: read contributed files and check them.

Bytes become parsed documents that remember their line numbers (``source``,
``load``); ``validate`` checks them against the JSON Schemas in ``schemas/`` and
against each other, ``safety`` looks for markup that could run or reach out,
and every problem is a ``findings.Finding`` with file, line and field.
Nothing here knows about the typed model, the analysis or the site.
"""
