package data

import (
	"fmt"
	"strings"
)

// Name names a data set.
type Name string

// The data sets presyn uses.
const (
	MNIST        Name = "mnist"
	FashionMNIST Name = "fashion-mnist"
)

// Names returns the data sets in the order presyn reports them.
func Names() []Name { return []Name{MNIST, FashionMNIST} }

// ParseName returns the data set called s ("mnist" or "fashion-mnist").
func ParseName(s string) (Name, error) {
	for _, n := range Names() {
		if s == string(n) {
			return n, nil
		}
	}
	return "", fmt.Errorf("data: unknown data set %q, want mnist or fashion-mnist", s)
}

// Normalization returns the mean and standard deviation that standardise the
// data set's pixels after scaling them to [0,1] (the constants of REFERENCE.md).
// It panics for an unknown data set: names come from ParseName or the constants.
func (n Name) Normalization() (mean, std float64) {
	switch n {
	case MNIST:
		return 0.1307, 0.3081
	case FashionMNIST:
		return 0.2861, 0.3530
	}
	panic(fmt.Sprintf("data: no normalisation constants for data set %q", n))
}

// The four IDX files of each data set.
const (
	TrainImagesFile = "train-images-idx3-ubyte.gz"
	TrainLabelsFile = "train-labels-idx1-ubyte.gz"
	TestImagesFile  = "t10k-images-idx3-ubyte.gz"
	TestLabelsFile  = "t10k-labels-idx1-ubyte.gz"
)

// Files returns the four file names in the order presyn reports them.
func Files() []string {
	return []string{TrainImagesFile, TrainLabelsFile, TestImagesFile, TestLabelsFile}
}

// kindOf says whether a file holds images or labels.
func kindOf(file string) fileKind {
	if strings.Contains(file, "images") {
		return imagesFile
	}
	return labelsFile
}

// fileID identifies one of the 8 files.
type fileID struct {
	dataset Name
	file    string
}

// sha256Sums are the SHA-256 sums of the decompressed files, from DATA.md. They are
// the same whatever the source: Debian recompressed Fashion-MNIST, so the .gz bytes
// differ from the upstream downloads, but the content does not.
var sha256Sums = map[fileID]string{
	{MNIST, TrainImagesFile}:        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
	{MNIST, TrainLabelsFile}:        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
	{MNIST, TestImagesFile}:         "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
	{MNIST, TestLabelsFile}:         "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
	{FashionMNIST, TrainImagesFile}: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
	{FashionMNIST, TrainLabelsFile}: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
	{FashionMNIST, TestImagesFile}:  "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
	{FashionMNIST, TestLabelsFile}:  "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}

// identify names the file whose content has the given sum, if it is one of the 8:
// it turns "checksum mismatch" into "this is Fashion-MNIST's file" when the two data
// sets' folders got mixed up.
func identify(sum string) (fileID, bool) {
	for id, s := range sha256Sums {
		if s == sum {
			return id, true
		}
	}
	return fileID{}, false
}
