/** Error texts of toxicn-mm: each names the problem and the fix. */
export const toxicnMessages = {
  unknownType: (id: unknown, where: string) => `${where}: unknown harmful-type id ${String(id)}; ToxiCN MM uses 0 non-harmful, 1 targeted, 2 sexual innuendo, 3 general offense, 4 dispirited culture (README ids). Fix the annotation or the mapping.`,
  unknownModal: (id: unknown, where: string) => `${where}: unknown modality id ${String(id)}; \`new_modal\` is 0 none, 1 fusion, 2 text, 3 image, 4 both. Use \`new_modal\` (v1) or text_modal/image_modal (v2.0), not \`modal\`.`,
  imageShape: (shape: readonly number[], want: string) => `image batch has shape [${shape.join(", ")}], expected ${want}; resize to 32×32 RGB (channels last) before the image tower`,
  emptySet: (name: string) => `image set '${name}' has no emoji in the shipped extract; check its subcategories against datasets/data/emoji/emoji-32.json`,
  overlap: (n: number, first: string) => `train and test share ${n} item(s) (first: ${first}); the splits must be disjoint: remove the duplicates from one split`,
  badOptions: (what: string) => `toxicn-mm generator: ${what}`,
  missingField: (where: string, field: string, version: string) => `${where}: field '${field}' missing or of the wrong type for a ${version} annotation file; check the file is the ToxiCN MM ${version} JSON (card §7)`,
  badLabel: (where: string, v: unknown) => `${where}: label ${String(v)} is not 0 or 1`,
  noImages: (dir: string) =>
    `--scale full needs the ToxiCN MM images, which are released on request: fill in the request form linked from the README of github.com/DUT-lujunyu/ToxiCN_MM, then put the <id>.jpg files in ${dir} and the annotation JSON files (train/test *_data_discription*.json) next to it`,
  missingImage: (file: string, dir: string, n: number) =>
    `${file} is missing (${n} meme picture(s) of the annotation files are not in ${dir}); the ToxiCN MM images are released on request: fill in the request form linked from the README of github.com/DUT-lujunyu/ToxiCN_MM and put every <id>.jpg in ${dir}`,
  modelKind: (kind: string) => `unknown model '${kind}'; use text, image, concat or mke`,
};
