package tensor

import "fmt"

// Matrix is a dense row-major float32 matrix view: element (i, j) is
// Data[i*Stride+j]. Several Matrix values may share one Data slice (row views of a
// batch buffer, for example). The zero value is an empty 0x0 matrix.
type Matrix struct {
	Rows, Cols int
	// Stride is the distance in Data between the starts of consecutive rows;
	// Stride >= Cols.
	Stride int
	Data   []float32
}

// NewMatrix returns a zeroed rows x cols matrix with its own storage.
func NewMatrix(rows, cols int) Matrix {
	if rows < 0 || cols < 0 {
		panic(fmt.Sprintf("tensor: negative dimension %dx%d", rows, cols))
	}
	return Matrix{Rows: rows, Cols: cols, Stride: cols, Data: make([]float32, rows*cols)}
}

// FromSlice wraps data (row-major, len rows*cols) as a matrix without copying.
func FromSlice(rows, cols int, data []float32) Matrix {
	if rows < 0 || cols < 0 {
		panic(fmt.Sprintf("tensor: negative dimension %dx%d", rows, cols))
	}
	if len(data) < rows*cols {
		panic(fmt.Sprintf("tensor: FromSlice %dx%d needs %d elements, have %d", rows, cols, rows*cols, len(data)))
	}
	return Matrix{Rows: rows, Cols: cols, Stride: cols, Data: data[:rows*cols]}
}

// At returns element (i, j).
func (m Matrix) At(i, j int) float32 {
	m.check(i, j)
	return m.Data[i*m.Stride+j]
}

// Set sets element (i, j) to v.
func (m Matrix) Set(i, j int, v float32) {
	m.check(i, j)
	m.Data[i*m.Stride+j] = v
}

func (m Matrix) check(i, j int) {
	if uint(i) >= uint(m.Rows) || uint(j) >= uint(m.Cols) {
		panic(fmt.Sprintf("tensor: index (%d, %d) out of range for %dx%d matrix", i, j, m.Rows, m.Cols))
	}
}

// Row returns row i as a slice sharing m's storage.
func (m Matrix) Row(i int) []float32 {
	if uint(i) >= uint(m.Rows) {
		panic(fmt.Sprintf("tensor: row %d out of range for %dx%d matrix", i, m.Rows, m.Cols))
	}
	return m.Data[i*m.Stride : i*m.Stride+m.Cols]
}

// RowView returns rows [i, j) as a matrix sharing m's storage. It is how a partial
// batch (the last batch of a test set) uses a buffer sized for a full one.
func (m Matrix) RowView(i, j int) Matrix {
	if i < 0 || j < i || j > m.Rows {
		panic(fmt.Sprintf("tensor: row view [%d, %d) out of range for %dx%d matrix", i, j, m.Rows, m.Cols))
	}
	if i == j {
		return Matrix{Cols: m.Cols, Stride: m.Stride}
	}
	return Matrix{Rows: j - i, Cols: m.Cols, Stride: m.Stride, Data: m.Data[i*m.Stride : (j-1)*m.Stride+m.Cols]}
}

// valid panics if m's fields are inconsistent; BLAS would otherwise read out of
// bounds (OpenBLAS does not check).
func (m Matrix) valid(name string) {
	if m.Rows < 0 || m.Cols < 0 || m.Stride < m.Cols || m.Stride < 1 {
		panic(fmt.Sprintf("tensor: %s: bad shape %dx%d stride %d", name, m.Rows, m.Cols, m.Stride))
	}
	if m.Rows > 0 && len(m.Data) < (m.Rows-1)*m.Stride+m.Cols {
		panic(fmt.Sprintf("tensor: %s: %dx%d stride %d needs %d elements, have %d",
			name, m.Rows, m.Cols, m.Stride, (m.Rows-1)*m.Stride+m.Cols, len(m.Data)))
	}
}
