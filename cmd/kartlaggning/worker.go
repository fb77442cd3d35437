package main

import "github.com/kartlaggning/kartlaggning/views/maps/worker"

// runRenderWorker serves map renders on stdin and stdout for the pool of
// a running server (see views/maps). It is not for people, so the usage
// does not list it.
func runRenderWorker() error { return worker.Run() }
