package data

// A Loader provides data sets by name. Dir is the real one: the checked IDX files.
// Tests use datatest.Source, which generates small synthetic data sets in memory, so
// that code taking a Loader runs on any checkout.
//
// (It is not called Source: that name already says where a data file was found.)
type Loader interface {
	// Load returns the named data set, shared read-only by its callers. An unknown
	// name is an error.
	Load(name Name) (*Dataset, error)
}

// Dir is the Loader of the checked IDX files found from a data folder: its Load is
// Load(string(d), name), with Locate's search order and Load's once-per-process cache.
type Dir string

// Load returns the named data set from the data folder d (see Load).
func (d Dir) Load(name Name) (*Dataset, error) { return Load(string(d), name) }

var _ Loader = Dir("")
