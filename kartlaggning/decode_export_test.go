package kartlaggning

// CheckStrict exposes the strict pass of DecodeJSON to the benchmarks.
var CheckStrict = checkStrict
