/*
 * Copyright 2026 the mtls-client-spring-boot authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.github.mtlsclient.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import javax.imageio.ImageIO;

import io.github.mtlsclient.benchmarks.client.Contender;
import io.github.mtlsclient.benchmarks.matrix.Summary;

/**
 * Draws the requests per second of every client at every concurrency as grouped bars,
 * one panel per server, with the slowest and fastest rounds as whiskers. Plain Java2D,
 * so drawing it needs nothing but the JDK.
 *
 * @author mtls-client-spring-boot authors
 */
public final class ThroughputChart {

	private static final Color[] COLORS = { new Color(0x2e7d32), new Color(0x1565c0), new Color(0x90caf9),
			new Color(0xef6c00), new Color(0xffb74d), new Color(0x6a1b9a), new Color(0x00897b), new Color(0x80cbc4) };

	private static final int WIDTH = 1000;

	private static final int PANEL_HEIGHT = 340;

	private static final int LEFT = 80;

	private static final int RIGHT = 20;

	private static final int TOP = 60;

	private static final int LEGEND_COLUMNS = 3;

	private ThroughputChart() {
	}

	/**
	 * Draw the chart and write it as PNG.
	 * @param servers the results per server
	 * @param file the PNG file
	 */
	public static void write(List<ServerResults> servers, Path file) {
		int legendRows = (servers.get(0).contenders().size() + LEGEND_COLUMNS - 1) / LEGEND_COLUMNS;
		int height = TOP + servers.size() * PANEL_HEIGHT + 22 + legendRows * 24;
		BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, WIDTH, height);
			g.setColor(Color.BLACK);
			g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
			g.drawString("Requests per second over mutual TLS (median round; whiskers: slowest to fastest)", LEFT, 32);
			for (int i = 0; i < servers.size(); i++) {
				panel(g, servers.get(i), TOP + i * PANEL_HEIGHT);
			}
			legend(g, servers.get(0).contenders(), TOP + servers.size() * PANEL_HEIGHT + 10);
		}
		finally {
			g.dispose();
		}
		try {
			ImageIO.write(image, "png", file.toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void panel(Graphics2D g, ServerResults server, int top) {
		int plotTop = top + 30;
		int plotBottom = top + PANEL_HEIGHT - 40;
		int plotWidth = WIDTH - LEFT - RIGHT;
		List<Contender> contenders = server.contenders();
		List<Integer> concurrencies = server.concurrencies();
		double max = niceCeiling(server.cells().stream()
			.mapToDouble((cell) -> cell.result().requestsPerSecond())
			.max()
			.orElse(1));
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
		g.setColor(Color.BLACK);
		g.drawString(server.name() + " (" + server.description() + ")", LEFT, top + 16);
		axis(g, max, plotTop, plotBottom);
		int groupWidth = plotWidth / concurrencies.size();
		int barWidth = (int) (groupWidth * 0.8 / contenders.size());
		for (int c = 0; c < concurrencies.size(); c++) {
			int groupLeft = LEFT + c * groupWidth + (int) (groupWidth * 0.1);
			for (int k = 0; k < contenders.size(); k++) {
				Optional<Summary> summary = server.summary(contenders.get(k), concurrencies.get(c));
				if (summary.isPresent()) {
					bar(g, summary.get(), groupLeft + k * barWidth, barWidth, max, plotTop, plotBottom,
							color(contenders.get(k)));
				}
			}
			g.setColor(Color.BLACK);
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
			String label = "concurrency " + concurrencies.get(c);
			int labelWidth = g.getFontMetrics().stringWidth(label);
			g.drawString(label, LEFT + c * groupWidth + (groupWidth - labelWidth) / 2, plotBottom + 22);
		}
	}

	private static void axis(Graphics2D g, double max, int plotTop, int plotBottom) {
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		FontMetrics metrics = g.getFontMetrics();
		for (int tick = 0; tick <= 5; tick++) {
			double value = max * tick / 5;
			int y = y(value, max, plotTop, plotBottom);
			g.setColor(new Color(0xe0e0e0));
			g.drawLine(LEFT, y, WIDTH - RIGHT, y);
			g.setColor(Color.DARK_GRAY);
			String label = "%,.0f".formatted(value);
			g.drawString(label, LEFT - 8 - metrics.stringWidth(label), y + 4);
		}
		g.setColor(Color.BLACK);
		g.drawLine(LEFT, plotBottom, WIDTH - RIGHT, plotBottom);
	}

	private static void bar(Graphics2D g, Summary summary, int left, int width, double max, int plotTop,
			int plotBottom, Color color) {
		int top = y(summary.medianRps(), max, plotTop, plotBottom);
		g.setColor(color);
		g.fillRect(left + 1, top, width - 2, plotBottom - top);
		int middle = left + width / 2;
		int low = y(summary.minRps(), max, plotTop, plotBottom);
		int high = y(summary.maxRps(), max, plotTop, plotBottom);
		g.setColor(Color.BLACK);
		g.setStroke(new BasicStroke(1.2f));
		g.drawLine(middle, low, middle, high);
		g.drawLine(middle - width / 5, low, middle + width / 5, low);
		g.drawLine(middle - width / 5, high, middle + width / 5, high);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
		String label = (summary.medianRps() >= 1000) ? "%.1fk".formatted(summary.medianRps() / 1000)
				: "%.0f".formatted(summary.medianRps());
		int labelWidth = g.getFontMetrics().stringWidth(label);
		g.drawString(label, middle - labelWidth / 2, Math.min(high, top) - 4);
	}

	private static void legend(Graphics2D g, List<Contender> contenders, int top) {
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		int columnWidth = (WIDTH - LEFT - RIGHT) / LEGEND_COLUMNS;
		for (int i = 0; i < contenders.size(); i++) {
			int x = LEFT + (i % LEGEND_COLUMNS) * columnWidth;
			int y = top + (i / LEGEND_COLUMNS) * 24;
			g.setColor(color(contenders.get(i)));
			g.fillRect(x, y, 16, 16);
			g.setColor(Color.BLACK);
			g.drawString(contenders.get(i).number() + " " + contenders.get(i).label(), x + 22, y + 13);
		}
	}

	private static Color color(Contender contender) {
		return COLORS[(contender.number() - 1) % COLORS.length];
	}

	private static int y(double value, double max, int plotTop, int plotBottom) {
		return plotBottom - (int) Math.round((plotBottom - plotTop) * value / max);
	}

	// 1, 2 or 5 times a power of ten, above the highest value: round axis labels.
	private static double niceCeiling(double value) {
		double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(value, 1))));
		for (double step : new double[] { 1, 2, 2.5, 5, 10 }) {
			if (step * magnitude >= value * 1.08) {
				return step * magnitude;
			}
		}
		return 10 * magnitude;
	}

}
