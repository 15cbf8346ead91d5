"""Step 5: the thin glue that hands the site to MkDocs and indexes the result.

The only package that imports MkDocs besides the command line: replacing MkDocs
means replacing this folder.
"""
