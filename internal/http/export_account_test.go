package http

// DescribeAgent is describeAgent as the account page words it ("Firefox on
// Linux"), for the tests of package http_test.
func DescribeAgent(ua string) string {
	browser, os := describeAgent(ua)
	if os == "" {
		return browser
	}
	return browser + " on " + os
}
