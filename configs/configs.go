// Package configs embeds the named run configurations, one JSON file per row of the
// paper's hyperparameter table (../shared/REFERENCE.md), so that `presyn train
// --config energy-presyn` works from any folder. Keys a file leaves out keep the
// defaults of internal/config.Default.
package configs

import "embed"

// FS holds the *.json configs.
//
//go:embed *.json
var FS embed.FS
