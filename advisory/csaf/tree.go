package csaf

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

type jsonProduct struct {
	Name      string `json:"name"`
	ProductID string `json:"product_id"`
	Helper    struct {
		CPE  string `json:"cpe"`
		PURL string `json:"purl"`
	} `json:"product_identification_helper"`
}

// node is a branch while the tree is read: a branch's category and name
// may follow its children, so paths are built once the tree is read.
type node struct {
	parent *node
	Branch
}

func (n *node) path() []Branch {
	var out []Branch
	for ; n != nil; n = n.parent {
		out = append(out, n.Branch)
	}
	slices.Reverse(out)
	return out
}

// treeReader reads a product tree token by token, so that memory grows
// with the products, not with the tree's bytes.
type treeReader struct {
	dec   *json.Decoder
	doc   *Document
	nodes map[string]*node // product ID -> its branch
	n     int              // products read, for ctx checks
}

// readTree reads a product_tree object into doc.
func readTree(ctx context.Context, dec *json.Decoder, doc *Document) error {
	t := &treeReader{dec: dec, doc: doc, nodes: map[string]*node{}}
	if err := expect(dec, '{'); err != nil {
		return err
	}
	for dec.More() {
		key, err := keyOf(dec)
		if err != nil {
			return err
		}
		switch key {
		case "branches":
			err = t.branches(ctx, nil, 1)
		case "full_product_names":
			err = t.array(ctx, func() error {
				var p jsonProduct
				if err := dec.Decode(&p); err != nil {
					return err
				}
				t.add(&p, nil)
				return nil
			})
		case "relationships":
			err = t.array(ctx, t.relationship)
		case "product_groups":
			err = t.array(ctx, func() error {
				var g struct {
					GroupID    string   `json:"group_id"`
					ProductIDs []string `json:"product_ids"`
				}
				if err := dec.Decode(&g); err != nil {
					return err
				}
				doc.Groups[g.GroupID] = append(doc.Groups[g.GroupID], g.ProductIDs...)
				return nil
			})
		default:
			err = skip(dec)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
	}
	if err := expect(dec, '}'); err != nil {
		return err
	}
	for id, n := range t.nodes {
		if p := doc.Products[id]; p != nil && p.Path == nil {
			p.Path = n.path()
		}
	}
	return nil
}

// array calls each for every element of an array.
func (t *treeReader) array(ctx context.Context, each func() error) error {
	if err := expect(t.dec, '['); err != nil {
		return err
	}
	for i := 0; t.dec.More(); i++ {
		if err := t.tick(ctx); err != nil {
			return err
		}
		if err := each(); err != nil {
			if errors.Is(err, errDepth) {
				return err
			}
			return fmt.Errorf("[%d]: %w", i, err)
		}
	}
	return expect(t.dec, ']')
}

func (t *treeReader) tick(ctx context.Context) error {
	t.n++
	if t.n%256 == 0 {
		return ctx.Err()
	}
	return nil
}

// branches reads an array of branches under parent.
func (t *treeReader) branches(ctx context.Context, parent *node, depth int) error {
	if depth > maxDepth {
		return errDepth
	}
	return t.array(ctx, func() error {
		n := &node{parent: parent}
		if err := expect(t.dec, '{'); err != nil {
			return err
		}
		for t.dec.More() {
			key, err := keyOf(t.dec)
			if err != nil {
				return err
			}
			switch key {
			case "category":
				err = t.dec.Decode(&n.Category)
			case "name":
				err = t.dec.Decode(&n.Name)
			case "product":
				var p jsonProduct
				if err = t.dec.Decode(&p); err == nil {
					t.add(&p, n)
				}
			case "branches":
				err = t.branches(ctx, n, depth+1)
			default:
				err = skip(t.dec)
			}
			if err != nil {
				if errors.Is(err, errDepth) {
					return err
				}
				return fmt.Errorf("%s: %w", key, err)
			}
		}
		return expect(t.dec, '}')
	})
}

func (t *treeReader) relationship() error {
	var r struct {
		Category        string      `json:"category"`
		FullProductName jsonProduct `json:"full_product_name"`
		ProductRef      string      `json:"product_reference"`
		RelatesTo       string      `json:"relates_to_product_reference"`
	}
	if err := t.dec.Decode(&r); err != nil {
		return err
	}
	p := t.add(&r.FullProductName, nil)
	if p != nil && p.Relationship == "" {
		p.Relationship, p.Component, p.Platform = r.Category, r.ProductRef, r.RelatesTo
	}
	return nil
}

// add records a product; a product ID defined twice keeps its first
// definition, with any field it lacked filled from the later one. It
// returns the product, or nil for one without an ID.
func (t *treeReader) add(j *jsonProduct, n *node) *Product {
	if j.ProductID == "" {
		return nil
	}
	p := t.doc.Products[j.ProductID]
	if p == nil {
		p = &Product{ID: j.ProductID}
		t.doc.Products[j.ProductID] = p
	}
	p.Name = cmp.Or(p.Name, j.Name)
	p.PURL = cmp.Or(p.PURL, j.Helper.PURL)
	p.CPE = cmp.Or(p.CPE, j.Helper.CPE)
	if n != nil {
		if _, ok := t.nodes[j.ProductID]; !ok {
			t.nodes[j.ProductID] = n
		}
	}
	return p
}

// resolve gives relationship products without a PURL their component's
// and without a CPE their platform's, through chains of relationships
// (at most maxDepth long, so a cycle ends).
func resolve(doc *Document) {
	for _, p := range doc.Products {
		if p.Relationship == "" {
			continue
		}
		if p.PURL == "" {
			p.PURL = follow(doc, p.Component, func(q *Product) (string, string) { return q.PURL, q.Component })
		}
		if p.CPE == "" {
			p.CPE = follow(doc, p.Platform, func(q *Product) (string, string) { return q.CPE, q.Platform })
		}
	}
}

// follow walks from product id along next until a product has a value.
func follow(doc *Document, id string, next func(*Product) (value, nextID string)) string {
	for range maxDepth {
		q := doc.Products[id]
		if q == nil {
			return ""
		}
		v, n := next(q)
		if v != "" || n == "" {
			return v
		}
		id = n
	}
	return ""
}
