// Package resultstest holds the file helpers that tests of results folders
// share: reading a file's lines, editing one cell of a CSV table as a run wrote
// it, and rewriting a table's typed rows. Each fails the test, naming the file,
// when the file cannot be read or written.
//
// It imports only package results and the standard library, so the test of any
// package, building block or experiment, may use it.
package resultstest
