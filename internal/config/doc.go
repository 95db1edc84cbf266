// Package config owns presyn's typed run configurations: their defaults, the named
// configs embedded from configs/ (one per row of the paper's hyperparameter table),
// loading from a name or a file with unknown keys rejected, `key=value` overrides,
// and Validate, which names the first bad field.
package config
