// Package papertest holds what the tests of the artefacts' checks share (every
// experiment's artefacts_test.go): a Coverage of the verdicts each artefact's
// cases give, which fails the test for an artefact of Artefacts() without the
// outcomes its cases must show; the assertions about a check that must fail,
// WantError (a damaged file: an error naming it, not paper.ErrNotRun) and
// WantNotRun; and WantUnchanged, which shows that the checks read the runs, not
// the tables Render writes from them.
//
// It imports only package paper and the standard library: the experiments'
// tests import it, never the other way round.
package papertest
