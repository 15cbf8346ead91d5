"""Step 3: the benchmarking analysis: pure numbers over the model, no pages."""
