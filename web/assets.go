package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"sync"
)

// Asset versions: each file's path carries a hash of its content (?v=…), so
// a release's CSS and JavaScript reach browsers at once while unchanged
// files stay cached for a year.
var (
	assetOnce   sync.Once
	assetHashes map[string]string
)

func hashAssets() {
	assetHashes = map[string]string{}
	_ = fs.WalkDir(Static(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(Static(), name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		assetHashes[name] = hex.EncodeToString(sum[:6])
		return nil
	})
}

// AssetHash is the content hash of a static file ("" when there is none).
func AssetHash(name string) string {
	assetOnce.Do(hashAssets)
	return assetHashes[name]
}

// Asset is the versioned path of a static file, for links in pages.
func Asset(name string) string {
	if h := AssetHash(name); h != "" {
		return "/static/" + name + "?v=" + h
	}
	return "/static/" + name
}
