// Package demo holds the example kartläggning that a new installation
// shows: part of Samordningsförbundet Södra Vätterbygden's kartläggning
// 2018–2019, transcribed in kartlaggning/v1.
package demo

import (
	_ "embed"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

//go:embed sodra-vatterbygden-2019.json
var data []byte

// JSON returns the example document as it is stored in the repository.
func JSON() []byte { return data }

// Document decodes the example document; each call returns a fresh copy.
func Document() (*kartlaggning.Document, error) {
	var doc kartlaggning.Document
	if err := kartlaggning.DecodeJSON(data, &doc); err != nil {
		return nil, err
	}
	return &doc, nil
}
