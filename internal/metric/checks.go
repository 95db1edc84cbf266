package metric

import "fmt"

// checkRows panics unless n is a whole number of rows of length classes.
func checkRows(n, classes int) {
	if classes < 1 {
		panic(fmt.Sprintf("metric: %d classes", classes))
	}
	if n%classes != 0 {
		panic(fmt.Sprintf("metric: length %d is not a multiple of %d classes", n, classes))
	}
}

// checkLabels panics unless labels has one entry per row and each is a
// class index.
func checkLabels(n int, labels []int32, classes int) {
	checkRows(n, classes)
	if n/classes != len(labels) {
		panic(fmt.Sprintf("metric: %d rows but %d labels", n/classes, len(labels)))
	}
	for i, y := range labels {
		if y < 0 || int(y) >= classes {
			panic(fmt.Sprintf("metric: label %d at row %d out of range [0,%d)", y, i, classes))
		}
	}
}
