// One source for a model's size and a link's copy rate: resources/model-load.json, read by the
// Doctor view's load estimate and the speed comparison's decode ceiling alike.
import { describe, expect, it } from 'vitest';
import { BYTES_PER_WEIGHT_Q4, modelBillionsOfWeights, modelWeightsGB, typicalCopyGBps } from '../../../src/core/api/model-load';
import { expectedLoadLine } from '../../../src/core/api/present-doctor';

describe('resources/model-load.json', () => {
  it('sizes models by the name, and tinygrad’s named models from the file', () => {
    expect(modelBillionsOfWeights('llama3.1:8b')).toBe(8);
    expect(modelBillionsOfWeights('qwen3:30b-a3b')).toBe(30);
    expect(modelBillionsOfWeights('qwen3.5:0.8b')).toBe(0.8);
    expect(modelBillionsOfWeights('olmoe')).toBe(7);
    expect(modelBillionsOfWeights('moonlight')).toBe(16);
    expect(modelBillionsOfWeights('glm-4.7-flash')).toBeNull();
    expect(modelWeightsGB('llama3.1:8b')).toBeCloseTo(8 * BYTES_PER_WEIGHT_Q4);
  });

  it('gives each Thunderbolt and USB link a typical copy rate, slower links lower', () => {
    const tb4 = typicalCopyGBps('thunderbolt4')!;
    expect(tb4).toBeGreaterThan(typicalCopyGBps('usb3')!);
    expect(typicalCopyGBps('thunderbolt5')!).toBeGreaterThan(tb4);
  });

  it('says how long a named model takes to load over a typical Thunderbolt 4 link, until the card was measured', () => {
    const link = { kind: 'thunderbolt4' as const, name: 'Thunderbolt 4' };
    expect(expectedLoadLine('moonlight', null, link)).toMatch(/about 9\.6 GB of 4-bit weights$/);
    expect(expectedLoadLine('glm-4.7-flash', null, link)).toBeNull();
  });
});
