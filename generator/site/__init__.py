"""Step 4: what the site is made of: pages, charts, data downloads and search
records, built from the model, the analysis and the text step. No MkDocs here."""
